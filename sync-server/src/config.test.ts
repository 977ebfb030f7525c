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
      port: 3000,
      dataDir: './data',
      mongodbUrl: undefined,
      redisUrl: undefined,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 7 * 86400,
      allowedOrigins: [],
      logLevel: 'info',
      production: false,
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
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', JWT_REFRESH_SECRET: otherStrongSecret })).toEqual([
      'JWT_SECRET is too weak: use at least 32 random characters',
    ]);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: strongSecret, JWT_REFRESH_SECRET: strongSecret })).toEqual([
      'JWT_SECRET and JWT_REFRESH_SECRET must differ',
    ]);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: strongSecret, JWT_REFRESH_SECRET: otherStrongSecret, ALLOWED_ORIGINS: '*' })).toEqual([
      'ALLOWED_ORIGINS may not be "*" in production',
    ]);
    expect(parseConfig({ NODE_ENV: 'production', JWT_SECRET: strongSecret, JWT_REFRESH_SECRET: otherStrongSecret }).production).toBe(true);
  });

  it('[CF4] durations accept seconds and units', () => {
    expect(parseConfig({ ACCESS_TOKEN_TTL: '90' }).accessTokenTtlSeconds).toBe(90);
    expect(parseConfig({ ACCESS_TOKEN_TTL: '2h', REFRESH_TOKEN_TTL: '30d' })).toMatchObject({ accessTokenTtlSeconds: 7200, refreshTokenTtlSeconds: 2592000 });
  });

  it('[CF5] help names each variable once with its default', () => {
    const help = configHelp();
    expect(help).toContain('PORT');
    expect(help).toContain('(default 3000)');
    expect(help).toContain('ALLOWED_ORIGINS');
  });
});
