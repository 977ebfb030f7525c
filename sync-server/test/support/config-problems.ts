import { ConfigError, parseConfig } from '../../src/config';

/** The least a production environment sets: NODE_ENV and two strong secrets. */
export const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  JWT_SECRET: 'k3J9-xQ2v_Lp8Zr4Tn6Wb1Yc5Hd7Fm0Gs',
  JWT_REFRESH_SECRET: 'Qw8-eR4tY6uI0oP2aS5dF7gH9jK1lZ3xCv',
};

/** What `parseConfig` refuses in `env`, or nothing when the server would start with it. */
export function configProblems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
