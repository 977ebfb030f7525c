import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type JwtSecrets = { accessSecret: string; refreshSecret: string };

const FILE_NAME = 'dev-secrets.json';

/**
 * Development only: secrets generated once and kept in DATA_DIR (mode 0600),
 * so tokens survive a restart without anyone configuring anything.
 */
export function loadOrCreateDevSecrets(dataDir: string): JwtSecrets {
  const file = path.join(dataDir, FILE_NAME);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<JwtSecrets>;
    if (typeof stored.accessSecret === 'string' && typeof stored.refreshSecret === 'string') {
      return { accessSecret: stored.accessSecret, refreshSecret: stored.refreshSecret };
    }
  } catch {
    // missing or unreadable: generate below
  }
  const secrets = { accessSecret: randomBytes(48).toString('base64url'), refreshSecret: randomBytes(48).toString('base64url') };
  try {
    fs.writeFileSync(file, JSON.stringify(secrets), { mode: 0o600, flag: 'wx' });
    return secrets;
  } catch {
    // another process sharing DATA_DIR wrote it first: use theirs
    return JSON.parse(fs.readFileSync(file, 'utf8')) as JwtSecrets;
  }
}
