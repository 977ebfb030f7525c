import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

/**
 * The content of `file`, created with `content()` (mode 0600) if it does not exist yet. Several processes sharing
 * DATA_DIR may start at once: the content is written to a file of this process's own and then linked into place, so
 * `file` appears whole or not at all, and whoever links first wins ([NT27]); the others read the winner's.
 */
export function readOrCreateFileOnce(file: string, content: () => string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(draft, content(), { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
  return fs.readFileSync(file, 'utf8');
}
