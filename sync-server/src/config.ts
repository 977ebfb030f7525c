import path from 'node:path';
import type { JwtSecrets } from './auth/dev-secrets';
import type { MailTransportConfig } from './email/mail-transport';
import type { PasswordHasherOptions } from './auth/password-hasher';
import { CONFIG_VARIABLES, MIN_PRODUCTION_PASSWORD_HASH_COST, MIN_SECRET_LENGTH, type ConfigValues } from './config-variables';
import type { LogLevel } from './logging/log-level';
import type { RedisFanOutConfig } from './realtime/redis-adapter';
import type { SocketLimits } from './realtime/socket-limits';
import type { MongoStoreConfig } from './store/mongo/mongo-store';
import { mongoTimeoutProblem } from './store/mongo/mongo-client-options';
import type { EmbeddedStoreConfig } from './store/sqlite/embedded-store';
import { remindersProblems, remindersSlice, type RemindersConfig } from './push/reminders-config';

export type HttpConfig = {
  port: number;
  host: string;
  /** Prometheus `/metrics` listens here, on `host`, never on `port` ([O8]). */
  metricsPort: number;
  /** Empty: same origin only. */
  allowedOrigins: string[];
  production: boolean;
  /** Express `trust proxy`: how many reverse-proxy hops to believe for the client IP. */
  trustProxyHops: number;
};

/** MONGODB_URL picks MongoDB; otherwise the embedded SQLite store in DATA_DIR. */
export type StoreConfig = ({ engine: 'sqlite'; workerThread: boolean } & EmbeddedStoreConfig) | ({ engine: 'mongo' } & MongoStoreConfig);

export type TokensConfig = {
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /** [AU11] A sign-in's absolute lifetime. */
  refreshFamilyMaxAgeSeconds: number;
  /** Without both JWT secrets (development only), they are generated once and kept in DATA_DIR. */
  secrets: ({ source: 'environment' } & JwtSecrets) | { source: 'generated'; dir: string };
};

export type RateLimits = { authPerMinute: number; apiPerMinute: number; socketPer10Seconds: number };

export type LogConfig = {
  level: LogLevel;
  sentry: { dsn: string; environment: 'production' | 'development' } | undefined;
};

/** [AC10] Account e-mails: where they go (SMTP, the development outbox, or nowhere in production), where their links point. */
export type EmailConfig = {
  transport: MailTransportConfig;
  /** Undefined: development's http://localhost:PORT. */
  publicUrl: string | undefined;
  perAddressPerHour: number;
};

function emailSlice(values: ConfigValues): EmailConfig {
  const host = values.publicUrl === undefined ? 'localhost' : new URL(values.publicUrl).hostname;
  const from = values.mailFrom ?? `Tasklane <no-reply@${host}>`;
  let transport: MailTransportConfig;
  if (values.smtpUrl !== undefined) transport = { kind: 'smtp', url: values.smtpUrl, from };
  else if (values.production) transport = { kind: 'none' };
  else transport = { kind: 'outbox', dir: path.join(values.dataDir, 'outbox'), from };
  return { transport, publicUrl: values.publicUrl?.replace(/\/+$/, ''), perAddressPerHour: values.rateLimitEmailPerHour };
}

/** One typed slice per module; `main.ts` hands each module its own. */
export type Config = {
  http: HttpConfig;
  store: StoreConfig;
  /** Undefined: live changes and HTTP rate limits stay within this process. */
  redis: RedisFanOutConfig | undefined;
  /** `/graphql` (docs/graphql.md [GQ11]). */
  graphql: { introspection: boolean };
  tokens: TokensConfig;
  /** scrypt parameters of new password hashes ([AU16]). */
  passwordHashing: PasswordHasherOptions;
  rateLimits: RateLimits;
  socketLimits: SocketLimits;
  log: LogConfig;
  /** Account e-mails ([AC10]). */
  email: EmailConfig;
  /** Web Push and the notifier ([NT5], [NT14]). */
  reminders: RemindersConfig;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function productionProblems(values: ConfigValues): string[] {
  const problems: string[] = [];
  for (const [name, secret] of [
    ['JWT_SECRET', values.jwtSecret],
    ['JWT_REFRESH_SECRET', values.jwtRefreshSecret],
  ] as const) {
    if (!secret) problems.push(`${name} is required in production`);
    else if (secret.length < MIN_SECRET_LENGTH || new Set(secret).size < 10) {
      problems.push(`${name} is too weak: use at least ${MIN_SECRET_LENGTH} random characters`);
    }
  }
  if (values.jwtSecret && values.jwtSecret === values.jwtRefreshSecret) {
    problems.push('JWT_SECRET and JWT_REFRESH_SECRET must differ');
  }
  if (values.allowedOrigins.includes('*')) problems.push('ALLOWED_ORIGINS may not be "*" in production');
  if (values.smtpUrl && !values.publicUrl) problems.push('PUBLIC_URL is required with SMTP_URL in production: e-mailed links point there');
  // [AC18] A mailed link carries a token: over plain http anyone on the path could take the account.
  if (values.publicUrl?.startsWith('http://')) problems.push('PUBLIC_URL must be https:// in production: e-mailed links carry a token');
  if (values.passwordHashCostLog2 < MIN_PRODUCTION_PASSWORD_HASH_COST) {
    problems.push(`PASSWORD_HASH_COST below ${MIN_PRODUCTION_PASSWORD_HASH_COST} is for tests only; production refuses it`);
  }
  return problems;
}

function storeSlice(values: ConfigValues): StoreConfig {
  if (values.mongodbUrl === undefined) return { engine: 'sqlite', dataDir: values.dataDir, workerThread: values.sqliteWorkerThread };
  return {
    engine: 'mongo',
    url: values.mongodbUrl,
    maxPoolSize: values.mongodbMaxPoolSize,
    minPoolSize: values.mongodbMinPoolSize,
    serverSelectionTimeoutMs: values.mongodbServerSelectionTimeoutMs,
    waitQueueTimeoutMs: values.mongodbWaitQueueTimeoutMs,
    writeConcernTimeoutMs: values.mongodbWriteConcernTimeoutMs,
    operationTimeoutMs: values.mongodbOperationTimeoutMs,
    socketTimeoutMs: values.mongodbSocketTimeoutMs,
  };
}

function storeTimeouts(values: ConfigValues) {
  return {
    socketTimeoutMs: values.mongodbSocketTimeoutMs,
    operationTimeoutMs: values.mongodbOperationTimeoutMs,
    writeConcernTimeoutMs: values.mongodbWriteConcernTimeoutMs,
  };
}

function slices(values: ConfigValues): Config {
  const environment = values.production ? 'production' : 'development';
  return {
    http: {
      port: values.port,
      host: values.host,
      metricsPort: values.metricsPort,
      allowedOrigins: values.allowedOrigins,
      production: values.production,
      trustProxyHops: values.trustProxyHops,
    },
    store: storeSlice(values),
    redis: values.redisUrl === undefined ? undefined : { url: values.redisUrl, sharded: values.redisSharded },
    graphql: { introspection: values.graphqlIntrospection },
    tokens: {
      accessTtlSeconds: values.accessTokenTtlSeconds,
      refreshTtlSeconds: values.refreshTokenTtlSeconds,
      refreshFamilyMaxAgeSeconds: values.refreshFamilyMaxAgeSeconds,
      secrets:
        values.jwtSecret && values.jwtRefreshSecret
          ? { source: 'environment', accessSecret: values.jwtSecret, refreshSecret: values.jwtRefreshSecret }
          : { source: 'generated', dir: values.dataDir },
    },
    passwordHashing: { cost: 2 ** values.passwordHashCostLog2, blockSize: 8, parallelization: 1 },
    rateLimits: {
      authPerMinute: values.rateLimitAuthPerMinute,
      apiPerMinute: values.rateLimitApiPerMinute,
      socketPer10Seconds: values.rateLimitSocketPer10Seconds,
    },
    socketLimits: {
      maxSocketsPerUser: values.maxSocketsPerUser,
      handshakesPerMinute: values.rateLimitHandshakePerMinute,
      bufferLimitBytes: values.socketBufferLimitBytes,
    },
    log: { level: values.logLevel, sentry: values.sentryDsn === undefined ? undefined : { dsn: values.sentryDsn, environment } },
    email: emailSlice(values),
    reminders: remindersSlice(values),
  };
}

/** Parses the environment once; every problem is reported together. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const partial: Partial<ConfigValues> = {};
  const problems: string[] = [];
  for (const variable of CONFIG_VARIABLES) {
    const raw = env[variable.name] === undefined || env[variable.name] === '' ? variable.fallback : env[variable.name];
    const problem = variable.apply(raw, partial);
    if (problem) problems.push(problem);
  }
  // [MG6] Refused rather than ignored: whoever set it expects deletions that no longer happen.
  if (env.MONGODB_COMPLETED_TASK_TTL) problems.push('MONGODB_COMPLETED_TASK_TTL was removed: sync never hard-deletes a task; unset it');
  if (problems.length === 0) {
    const values = partial as ConfigValues;
    if (values.metricsPort !== 0 && values.metricsPort === values.port) problems.push('METRICS_PORT must differ from PORT');
    if (values.production) problems.push(...productionProblems(values));
    problems.push(...remindersProblems(values));
    const mongoProblem = values.mongodbUrl === undefined ? null : mongoTimeoutProblem(storeTimeouts(values));
    if (mongoProblem) problems.push(mongoProblem);
    if (problems.length === 0) return slices(values);
  }
  throw new ConfigError(problems);
}

export function configHelp(): string {
  const width = Math.max(...CONFIG_VARIABLES.map((variable) => variable.name.length));
  const lines = CONFIG_VARIABLES.map((variable) => {
    const fallback = variable.fallback === undefined || variable.fallback === '' ? '' : ` (default ${variable.fallback})`;
    return `  ${variable.name.padEnd(width)}  ${variable.description}${fallback}`;
  });
  return ['Usage: tasklane-sync-server [--help]', '', 'Configuration is read from the environment:', ...lines].join('\n');
}
