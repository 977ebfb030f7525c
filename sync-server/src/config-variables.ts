import { LOG_LEVELS, type LogLevel } from './logging/log-level';
import { DEFAULT_PUSH_ENDPOINT_HOSTS, endpointHostPatternProblem } from './push/endpoint-hosts';
import { DEFAULT_SOCKET_LIMITS } from './realtime/socket-limit-defaults';

/** The value of every variable, flat, as the table reads them; `parseConfig` slices them per module. */
export type ConfigValues = {
  port: number;
  host: string;
  metricsPort: number;
  dataDir: string;
  /** [WT1] The embedded store in a worker thread instead of on the event loop. */
  sqliteWorkerThread: boolean;
  mongodbUrl: string | undefined;
  mongodbMaxPoolSize: number;
  mongodbMinPoolSize: number;
  mongodbServerSelectionTimeoutMs: number;
  mongodbWaitQueueTimeoutMs: number;
  mongodbWriteConcernTimeoutMs: number;
  mongodbOperationTimeoutMs: number;
  mongodbSocketTimeoutMs: number;
  redisUrl: string | undefined;
  redisSharded: boolean;
  jwtSecret: string | undefined;
  jwtRefreshSecret: string | undefined;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** [AU11] A sign-in's absolute lifetime, however often it is refreshed. */
  refreshFamilyMaxAgeSeconds: number;
  /** log2 of scrypt's N ([AU16]); production refuses less than 17. */
  passwordHashCostLog2: number;
  /** Empty: same origin only. */
  allowedOrigins: string[];
  logLevel: LogLevel;
  production: boolean;
  /** Express `trust proxy`: how many reverse-proxy hops to believe for the client IP. */
  trustProxyHops: number;
  /** docs/graphql.md [GQ11]: `/graphql` answers introspection in production too. */
  graphqlIntrospection: boolean;
  rateLimitAuthPerMinute: number;
  rateLimitApiPerMinute: number;
  rateLimitSocketPer10Seconds: number;
  rateLimitHandshakePerMinute: number;
  maxSocketsPerUser: number;
  socketBufferLimitBytes: number;
  sentryDsn: string | undefined;
  /** [AC10] Account e-mails over SMTP; unset: the development outbox, or none in production. */
  smtpUrl: string | undefined;
  mailFrom: string | undefined;
  /** The app's public origin, for links in e-mails (never taken from a request's Host header). */
  publicUrl: string | undefined;
  /** [AC4] Account e-mails (reset, verification) per address per hour. */
  rateLimitEmailPerHour: number;
  /** [NT5] VAPID keys (base64url) and subject; unset in development: generated once into DATA_DIR. */
  vapidPublicKey: string | undefined;
  vapidPrivateKey: string | undefined;
  vapidSubject: string | undefined;
  /** [NT14] Whether this process runs the notifier. */
  notifierMode: 'in-process' | 'off';
  /** [NT10] Fires older than this when they could be sent are dropped and counted. */
  reminderMaxLatenessSeconds: number;
  notifierPollIntervalMs: number;
  /** [NT8] How long a notifier holds a claimed delivery before another may take it over. */
  notifierLeaseMs: number;
  /** [NT17] Production registers and sends push endpoints of these hosts only (names or `*.` patterns). */
  pushEndpointHosts: string[];
};

type Variable = {
  name: string;
  description: string;
  fallback: string | undefined;
  apply: (raw: string | undefined, config: Partial<ConfigValues>) => string | null;
};

export const MIN_SECRET_LENGTH = 32;
/** OWASP's scrypt minimum, N = 2^17 ([AU16]). */
export const MIN_PRODUCTION_PASSWORD_HASH_COST = 17;
const DURATION = /^(\d+)(s|m|h|d)?$/;
const DURATION_UNITS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

function parseDuration(raw: string): number | null {
  const match = DURATION.exec(raw.trim());
  if (!match) return null;
  const seconds = Number(match[1]) * DURATION_UNITS[(match[2] ?? 's') as keyof typeof DURATION_UNITS];
  return seconds > 0 ? seconds : null;
}

function parseInteger(raw: string | undefined, min: number, max: number): number | null {
  const value = Number(raw);
  return raw !== undefined && raw.trim() !== '' && Number.isInteger(value) && value >= min && value <= max ? value : null;
}

type IntegerKey = {
  [K in keyof ConfigValues]: ConfigValues[K] extends number ? K : never;
}[keyof ConfigValues];

type BooleanKey = {
  [K in keyof ConfigValues]: ConfigValues[K] extends boolean ? K : never;
}[keyof ConfigValues];

/** A table row for a `true`/`false` variable (default false), stored under `key`. */
function booleanVariable(name: string, description: string, key: BooleanKey): Variable {
  return {
    name,
    description,
    fallback: 'false',
    apply(raw, config) {
      if (raw !== 'true' && raw !== 'false') return `${name} must be true or false, got "${raw}"`;
      config[key] = raw === 'true';
      return null;
    },
  };
}

/** A table row for an integer variable in [min, max], stored under `key`. */
function integerVariable(name: string, description: string, fallback: string, key: IntegerKey, min: number, max: number): Variable {
  return {
    name,
    description,
    fallback,
    apply(raw, config) {
      const value = parseInteger(raw, min, max);
      if (value === null) return `${name} must be an integer ${min}..${max}, got "${raw}"`;
      config[key] = value;
      return null;
    },
  };
}

/** Keys holding any string (not a union of literals such as `logLevel`, nor an optional one). */
type StringKey = {
  [K in keyof ConfigValues]: string extends ConfigValues[K] ? (ConfigValues[K] extends string ? K : never) : never;
}[keyof ConfigValues];

/** A table row for a string variable taken as given (or its fallback), stored under `key`. */
function stringVariable(name: string, description: string, fallback: string, key: StringKey): Variable {
  return {
    name,
    description,
    fallback,
    apply(raw, config) {
      config[key] = raw ?? fallback;
      return null;
    },
  };
}

function optional(raw: string | undefined): string | undefined {
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

/** Keys holding a string that may be unset. */
type OptionalStringKey = {
  [K in keyof ConfigValues]: undefined extends ConfigValues[K] ? (ConfigValues[K] extends string | undefined ? K : never) : never;
}[keyof ConfigValues];

/** A table row for a variable that may be unset (blank counts as unset), trimmed; a value that is set must match `format`. */
function optionalVariable(
  name: string,
  description: string,
  key: OptionalStringKey,
  format?: { pattern: RegExp; problem: string },
): Variable {
  return {
    name,
    description,
    fallback: undefined,
    apply(raw, config) {
      const value = optional(raw);
      if (value !== undefined && format && !format.pattern.test(value)) return format.problem;
      config[key] = value;
      return null;
    },
  };
}

/** A table row for a duration (seconds, or a number with s, m, h or d), stored in seconds under `key`. */
function durationVariable(name: string, what: string, fallback: string, key: IntegerKey, examples: string): Variable {
  return {
    name,
    description: `${what}: seconds, or a number with s, m, h or d`,
    fallback,
    apply(raw, config) {
      const seconds = parseDuration(raw ?? '');
      if (seconds === null) return `${name} must be a duration like ${examples}, got "${raw}"`;
      config[key] = seconds;
      return null;
    },
  };
}

/** Every variable the server reads, in one table; `--help` prints it. */
export const CONFIG_VARIABLES: Variable[] = [
  integerVariable('PORT', 'HTTP and WebSocket port (0 picks a free one)', '3000', 'port', 0, 65535),
  stringVariable('HOST', 'interface to listen on', '0.0.0.0', 'host'),
  integerVariable(
    'METRICS_PORT',
    'Prometheus /metrics port, on HOST like the app and never on PORT (0 picks a free one)',
    '9464',
    'metricsPort',
    0,
    65535,
  ),
  stringVariable('DATA_DIR', 'folder of the embedded SQLite store and of generated development secrets', './data', 'dataDir'),
  booleanVariable(
    'SQLITE_WORKER_THREAD',
    'true: the embedded SQLite store runs in a worker thread, off the event loop (docs/architecture.md [WT1])',
    'sqliteWorkerThread',
  ),
  optionalVariable('MONGODB_URL', 'use MongoDB as the store (mongodb:// or mongodb+srv://); unset: embedded SQLite', 'mongodbUrl', {
    pattern: /^mongodb(\+srv)?:\/\//,
    problem: 'MONGODB_URL must start with mongodb:// or mongodb+srv://',
  }),
  integerVariable('MONGODB_MAX_POOL_SIZE', 'most connections to MongoDB per instance', '100', 'mongodbMaxPoolSize', 1, 10_000),
  integerVariable(
    'MONGODB_MIN_POOL_SIZE',
    'connections to MongoDB kept open per instance even when idle',
    '0',
    'mongodbMinPoolSize',
    0,
    10_000,
  ),
  integerVariable(
    'MONGODB_SERVER_SELECTION_TIMEOUT_MS',
    'how long an operation waits for a reachable primary before it fails with UNAVAILABLE',
    '5000',
    'mongodbServerSelectionTimeoutMs',
    1,
    600_000,
  ),
  integerVariable(
    'MONGODB_WAIT_QUEUE_TIMEOUT_MS',
    'how long an operation waits for a free pooled MongoDB connection before it fails with UNAVAILABLE',
    '5000',
    'mongodbWaitQueueTimeoutMs',
    1,
    600_000,
  ),
  integerVariable(
    'MONGODB_WRITE_CONCERN_TIMEOUT_MS',
    'how long a MongoDB write waits for a majority to acknowledge it (wtimeout) before it fails with UNAVAILABLE',
    '5000',
    'mongodbWriteConcernTimeoutMs',
    1,
    600_000,
  ),
  integerVariable(
    'MONGODB_OPERATION_TIMEOUT_MS',
    'server-side time limit (maxTimeMS) of every MongoDB task read and write; past it, UNAVAILABLE',
    '5000',
    'mongodbOperationTimeoutMs',
    1,
    600_000,
  ),
  integerVariable(
    'MONGODB_SOCKET_TIMEOUT_MS',
    'a MongoDB answer slower than this fails with UNAVAILABLE; must exceed operation + write-concern timeouts',
    '30000',
    'mongodbSocketTimeoutMs',
    1000,
    3_600_000,
  ),
  optionalVariable('REDIS_URL', 'fan live changes out across instances through Redis (redis:// or rediss://)', 'redisUrl', {
    pattern: /^rediss?:\/\//,
    problem: 'REDIS_URL must start with redis:// or rediss://',
  }),
  booleanVariable(
    'REDIS_SHARDED',
    'true: fan out with sharded Pub/Sub (SPUBLISH/SSUBSCRIBE) on the one Redis 7+ of REDIS_URL; Redis Cluster is not supported',
    'redisSharded',
  ),
  optionalVariable(
    'JWT_SECRET',
    `access-token signing secret, at least ${MIN_SECRET_LENGTH} characters (development: generated and kept in DATA_DIR)`,
    'jwtSecret',
  ),
  optionalVariable(
    'JWT_REFRESH_SECRET',
    `refresh-token signing secret, at least ${MIN_SECRET_LENGTH} characters, different from JWT_SECRET`,
    'jwtRefreshSecret',
  ),
  durationVariable('ACCESS_TOKEN_TTL', 'access-token lifetime', '15m', 'accessTokenTtlSeconds', '900, 15m or 1h'),
  durationVariable('REFRESH_TOKEN_TTL', 'refresh-token lifetime', '7d', 'refreshTokenTtlSeconds', '7d'),
  durationVariable(
    'REFRESH_FAMILY_MAX_AGE',
    'how long one sign-in lasts at most, however often it is refreshed; then the user signs in again',
    '30d',
    'refreshFamilyMaxAgeSeconds',
    '30d or 12h',
  ),
  integerVariable(
    'PASSWORD_HASH_COST',
    `log2 of scrypt's N for new password hashes (17: 128 MiB per hash); below ${MIN_PRODUCTION_PASSWORD_HASH_COST} is for tests and refused in production`,
    String(MIN_PRODUCTION_PASSWORD_HASH_COST),
    'passwordHashCostLog2',
    10,
    18,
  ),
  {
    name: 'ALLOWED_ORIGINS',
    description: 'comma-separated origins allowed to call the API and open sockets; unset: same origin only',
    fallback: '',
    apply(raw, config) {
      const origins = (raw ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean);
      const invalid = origins.filter((origin) => origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin));
      if (invalid.length > 0) return `ALLOWED_ORIGINS has entries that are not origins: ${invalid.join(', ')}`;
      config.allowedOrigins = origins;
      return null;
    },
  },
  {
    name: 'LOG_LEVEL',
    description: `one of ${LOG_LEVELS.join(', ')}`,
    fallback: 'info',
    apply(raw, config) {
      if (!LOG_LEVELS.includes(raw as LogLevel)) return `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`;
      config.logLevel = raw as LogLevel;
      return null;
    },
  },
  {
    name: 'NODE_ENV',
    description: 'production refuses missing or weak secrets, a test password-hash cost and ALLOWED_ORIGINS=*',
    fallback: 'development',
    apply(raw, config) {
      config.production = raw === 'production';
      return null;
    },
  },
  {
    name: 'GRAPHQL_INTROSPECTION',
    description: 'on: /graphql answers introspection in production too; development always does (docs/graphql.md [GQ11])',
    fallback: 'off',
    apply(raw, config) {
      if (raw !== 'on' && raw !== 'off') return `GRAPHQL_INTROSPECTION must be on or off, got "${raw}"`;
      config.graphqlIntrospection = raw === 'on';
      return null;
    },
  },
  integerVariable(
    'TRUST_PROXY',
    'reverse-proxy hops in front (nginx, ingress): their X-Forwarded-For, and from 1 X-Forwarded-Host/-Proto, are believed',
    '0',
    'trustProxyHops',
    0,
    10,
  ),
  integerVariable(
    'RATE_LIMIT_AUTH',
    'sign-up, sign-in, refresh, sign-out, password-reset and password-change requests and account deletions per minute per client IP',
    '20',
    'rateLimitAuthPerMinute',
    1,
    1_000_000,
  ),
  integerVariable('RATE_LIMIT_API', 'task API requests per minute per user', '1200', 'rateLimitApiPerMinute', 1, 1_000_000),
  integerVariable(
    'RATE_LIMIT_SOCKET',
    'pull and push messages per 10 seconds per socket',
    '300',
    'rateLimitSocketPer10Seconds',
    1,
    1_000_000,
  ),
  integerVariable(
    'RATE_LIMIT_HANDSHAKE',
    'socket handshakes per minute per client IP',
    String(DEFAULT_SOCKET_LIMITS.handshakesPerMinute),
    'rateLimitHandshakePerMinute',
    1,
    1_000_000,
  ),
  integerVariable(
    'MAX_SOCKETS_PER_USER',
    'open sockets per user (across instances when REDIS_URL is set); also open GraphQL subscriptions per user per instance (docs/graphql.md [GQ15])',
    String(DEFAULT_SOCKET_LIMITS.maxSocketsPerUser),
    'maxSocketsPerUser',
    1,
    1_000_000,
  ),
  integerVariable(
    'SOCKET_BUFFER_LIMIT',
    'bytes of output a socket may leave unread before it is dropped (slow consumer)',
    String(DEFAULT_SOCKET_LIMITS.bufferLimitBytes),
    'socketBufferLimitBytes',
    64 * 1024,
    1024 * 1024 * 1024,
  ),
  optionalVariable(
    'SMTP_URL',
    'send account e-mails (password reset, verification) through this SMTP server (smtp:// or smtps://, credentials in the URL); unset: development writes them to DATA_DIR/outbox, production sends none',
    'smtpUrl',
    { pattern: /^smtps?:\/\/\S+$/, problem: 'SMTP_URL must start with smtp:// or smtps://' },
  ),
  optionalVariable('MAIL_FROM', 'sender of account e-mails (default: Tasklane <no-reply@ the host of PUBLIC_URL>)', 'mailFrom'),
  optionalVariable(
    'PUBLIC_URL',
    "the app's address as users open it, for links in e-mails (https://, required with SMTP_URL in production; development: http://localhost:PORT)",
    'publicUrl',
    {
      pattern: /^https?:\/\/[^\s?#]+$/,
      problem: 'PUBLIC_URL must be an http(s) URL without query or fragment, like https://tasks.example.com',
    },
  ),
  integerVariable(
    'RATE_LIMIT_EMAIL',
    'password-reset and verification e-mails per address and client IP per hour, each kind apart; per address from all IPs 4 times this (more requests are answered alike and send nothing)',
    '5',
    'rateLimitEmailPerHour',
    1,
    1_000_000,
  ),
  optionalVariable('SENTRY_DSN', 'report unexpected errors to Sentry (unset: errors are only logged)', 'sentryDsn', {
    pattern: /^https?:\/\//,
    problem: 'SENTRY_DSN must be an http(s) URL',
  }),
  optionalVariable(
    'VAPID_PUBLIC_KEY',
    'Web Push VAPID public key, base64url (npx web-push generate-vapid-keys); development: generated and kept in DATA_DIR; production without it: no reminders',
    'vapidPublicKey',
  ),
  optionalVariable('VAPID_PRIVATE_KEY', 'Web Push VAPID private key, base64url, the pair of VAPID_PUBLIC_KEY', 'vapidPrivateKey'),
  optionalVariable(
    'VAPID_SUBJECT',
    'contact for push services: a mailto: or https: URL (required in production with VAPID keys)',
    'vapidSubject',
    {
      pattern: /^(mailto:|https:\/\/)/,
      problem: 'VAPID_SUBJECT must be a mailto: address or an https: URL',
    },
  ),
  {
    name: 'NOTIFIER',
    description:
      'in-process: this server sends due reminders; off: a separate `node sync-server/dist/notifier.js` does (docs/architecture.md)',
    fallback: 'in-process',
    apply(raw, config) {
      if (raw !== 'in-process' && raw !== 'off') return `NOTIFIER must be in-process or off, got "${raw}"`;
      config.notifierMode = raw;
      return null;
    },
  },
  durationVariable(
    'REMINDER_MAX_LATENESS',
    'a reminder that could not be sent within this of its time (notifier down) is dropped and counted; at most 7d',
    '1h',
    'reminderMaxLatenessSeconds',
    '15m or 1h',
  ),
  integerVariable(
    'NOTIFIER_POLL_INTERVAL_MS',
    'how often the notifier looks for due reminders',
    '1000',
    'notifierPollIntervalMs',
    50,
    60_000,
  ),
  integerVariable(
    'NOTIFIER_LEASE_MS',
    'how long a notifier holds a reminder delivery it claimed before another notifier may take it over (a push times out at a third of it)',
    '30000',
    'notifierLeaseMs',
    1000,
    600_000,
  ),
  {
    name: 'PUSH_ENDPOINT_HOSTS',
    description:
      'comma-separated push-service hosts (names or *.domain) that production registers and sends to, port 443 only; development allows any',
    fallback: DEFAULT_PUSH_ENDPOINT_HOSTS.join(','),
    apply(raw, config) {
      const hosts = (raw ?? '')
        .split(',')
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean);
      if (hosts.length === 0) return 'PUSH_ENDPOINT_HOSTS must name at least one host';
      const problems = hosts.map(endpointHostPatternProblem).filter((problem) => problem !== null);
      if (problems.length > 0) return `PUSH_ENDPOINT_HOSTS: ${problems.join('; ')}`;
      config.pushEndpointHosts = hosts;
      return null;
    },
  },
];
