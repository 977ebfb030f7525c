import { ConfigError, parseConfig } from './config';

const secrets = { JWT_SECRET: 'k3J9-xQ2v_Lp8Zr4Tn6Wb1Yc5Hd7Fm0Gs', JWT_REFRESH_SECRET: 'Qw8-eR4tY6uI0oP2aS5dF7gH9jK1lZ3xCv' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration of sessions and password hashing', () => {
  it('[AU11] REFRESH_FAMILY_MAX_AGE defaults to 30 days and takes a duration', () => {
    expect(parseConfig({}).tokens.refreshFamilyMaxAgeSeconds).toBe(30 * 86_400);
    expect(parseConfig({ REFRESH_FAMILY_MAX_AGE: '12h' }).tokens.refreshFamilyMaxAgeSeconds).toBe(12 * 3600);
    expect(problemsOf({ REFRESH_FAMILY_MAX_AGE: 'forever' })).toEqual([
      'REFRESH_FAMILY_MAX_AGE must be a duration like 30d or 12h, got "forever"',
    ]);
  });

  it('[AU16] password hashes cost N=2^17 by default; a cheaper PASSWORD_HASH_COST is for tests and production refuses it', () => {
    expect(parseConfig({}).passwordHashing).toEqual({ cost: 2 ** 17, blockSize: 8, parallelization: 1 });
    expect(parseConfig({ PASSWORD_HASH_COST: '10' }).passwordHashing.cost).toBe(2 ** 10);
    expect(problemsOf({ NODE_ENV: 'production', ...secrets, PASSWORD_HASH_COST: '12' })).toEqual([
      'PASSWORD_HASH_COST below 17 is for tests only; production refuses it',
    ]);
    expect(parseConfig({ NODE_ENV: 'production', ...secrets, PASSWORD_HASH_COST: '18' }).passwordHashing.cost).toBe(2 ** 18);
  });
});
