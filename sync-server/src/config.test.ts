import { ConfigError, configHelp, parseConfig } from './config';

const strongSecret = 'k3J9-xQ2v_Lp8Zr4Tn6Wb1Yc5Hd7Fm0Gs';
const otherStrongSecret = 'Qw8-eR4tY6uI0oP2aS5dF7gH9jK1lZ3xCv';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('[CF1] defaults run the embedded store on port 3000 with nothing set', () => {
    expect(parseConfig({})).toMatchObject({
      http: { port: 3000, allowedOrigins: [], production: false },
      store: { engine: 'sqlite', dataDir: './data', workerThread: false },
      redis: undefined,
      tokens: { accessTtlSeconds: 900, refreshTtlSeconds: 7 * 86400, secrets: { source: 'generated', dir: './data' } },
      rateLimits: { authPerMinute: 20, apiPerMinute: 1200, socketPer10Seconds: 300 },
      log: { level: 'info', sentry: undefined },
    });
  });

  it('[CF6] the store slice is the MongoDB variant exactly when MONGODB_URL is set', () => {
    expect(parseConfig({ MONGODB_MAX_POOL_SIZE: '7' }).store).toEqual({ engine: 'sqlite', dataDir: './data', workerThread: false });
    expect(
      parseConfig({ MONGODB_URL: 'mongodb://db:27017/tasks', MONGODB_MAX_POOL_SIZE: '7', MONGODB_OPERATION_TIMEOUT_MS: '2000' }).store,
    ).toEqual({
      engine: 'mongo',
      url: 'mongodb://db:27017/tasks',
      maxPoolSize: 7,
      minPoolSize: 0,
      serverSelectionTimeoutMs: 5000,
      waitQueueTimeoutMs: 5000,
      writeConcernTimeoutMs: 5000,
      operationTimeoutMs: 2000,
      socketTimeoutMs: 30_000,
    });
  });

  it('[CF7] redis, the signing secrets and Sentry are sliced from their variables', () => {
    expect(parseConfig({ REDIS_URL: 'redis://cache:6379', REDIS_SHARDED: 'true' }).redis).toEqual({
      url: 'redis://cache:6379',
      sharded: true,
    });
    expect(parseConfig({ JWT_SECRET: strongSecret, JWT_REFRESH_SECRET: otherStrongSecret }).tokens.secrets).toEqual({
      source: 'environment',
      accessSecret: strongSecret,
      refreshSecret: otherStrongSecret,
    });
    expect(parseConfig({ JWT_SECRET: strongSecret, DATA_DIR: '/var/tasklane' }).tokens.secrets).toEqual({
      source: 'generated',
      dir: '/var/tasklane',
    });
    expect(parseConfig({ SENTRY_DSN: 'https://key@sentry.example/1' }).log.sentry).toEqual({
      dsn: 'https://key@sentry.example/1',
      environment: 'development',
    });
  });

  it('[CF2] every problem is reported together', () => {
    const problems = problemsOf({ PORT: '70000', ACCESS_TOKEN_TTL: 'soon', MONGODB_URL: 'postgres://x', ALLOWED_ORIGINS: 'not an origin' });
    expect(problems).toHaveLength(4);
  });

  it('[CF3] production refuses missing, weak or equal secrets and a wildcard origin', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'JWT_SECRET is required in production',
      'JWT_REFRESH_SECRET is required in production',
    ]);
    expect(
      problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', JWT_REFRESH_SECRET: otherStrongSecret }),
    ).toEqual(['JWT_SECRET is too weak: use at least 32 random characters']);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: strongSecret, JWT_REFRESH_SECRET: strongSecret })).toEqual([
      'JWT_SECRET and JWT_REFRESH_SECRET must differ',
    ]);
    expect(
      problemsOf({ NODE_ENV: 'production', JWT_SECRET: strongSecret, JWT_REFRESH_SECRET: otherStrongSecret, ALLOWED_ORIGINS: '*' }),
    ).toEqual(['ALLOWED_ORIGINS may not be "*" in production']);
    expect(parseConfig({ NODE_ENV: 'production', JWT_SECRET: strongSecret, JWT_REFRESH_SECRET: otherStrongSecret }).http.production).toBe(
      true,
    );
  });

  it('[CF4] durations accept seconds and units', () => {
    expect(parseConfig({ ACCESS_TOKEN_TTL: '90' }).tokens.accessTtlSeconds).toBe(90);
    expect(parseConfig({ ACCESS_TOKEN_TTL: '2h', REFRESH_TOKEN_TTL: '30d' }).tokens).toMatchObject({
      accessTtlSeconds: 7200,
      refreshTtlSeconds: 2592000,
    });
  });

  it('[CF5] help names each variable once with its default', () => {
    const help = configHelp();
    expect(help).toContain('PORT');
    expect(help).toContain('(default 3000)');
    expect(help).toContain('ALLOWED_ORIGINS');
  });
});
