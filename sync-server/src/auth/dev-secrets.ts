import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readOrCreateFileOnce } from '../data-dir/create-file-once';

export type JwtSecrets = { accessSecret: string; refreshSecret: string };

const FILE_NAME = 'dev-secrets.json';

/**
 * Development only: secrets generated once and kept in DATA_DIR (mode 0600),
 * so tokens survive a restart without anyone configuring anything.
 */
export function loadOrCreateDevSecrets(dataDir: string): JwtSecrets {
  const file = path.join(dataDir, FILE_NAME);
  fs.mkdirSync(dataDir, { recursive: true });
  const text = readOrCreateFileOnce(file, () =>
    JSON.stringify({ accessSecret: randomBytes(48).toString('base64url'), refreshSecret: randomBytes(48).toString('base64url') }),
  );
  const stored = JSON.parse(text) as Partial<JwtSecrets>;
  if (typeof stored.accessSecret !== 'string' || typeof stored.refreshSecret !== 'string') {
    throw new Error(`${file} holds no JWT secrets; delete it to generate new ones`);
  }
  return { accessSecret: stored.accessSecret, refreshSecret: stored.refreshSecret };
}
