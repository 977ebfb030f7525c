import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { CLIENT_DIST } from './browser';

export type ServedBuild = {
  /** A copy of client/dist for a server's `clientDistDir`: this test may change it, the checkout's build stays. */
  dir: string;
  /**
   * Deploys a new version over the copy: index.html gains `<meta name="tasklane-build" content="{marker}">` and sw.js
   * the new revision of index.html in its precache list, so the browser sees a changed sw.js, installs it (precaching
   * the new shell) and, once it takes over, serves pages that carry the marker.
   */
  publishNewVersion(marker: string): void;
  remove(): void;
};

/** Workbox's injected precache entry for the shell, as the minifier writes it: `{'revision':'…','url':'/index.html'}`. */
const SHELL_ENTRY = /(['"]?revision['"]?\s*:\s*['"])([0-9a-f]+)(['"]\s*,\s*['"]?url['"]?\s*:\s*['"]\/index\.html['"])/;

export function copyClientBuild(): ServedBuild {
  if (!fs.existsSync(path.join(CLIENT_DIST, 'sw.js'))) throw new Error('client/dist/sw.js is missing: run `npm run build` first');
  const temp = makeTempDir('served-build');
  fs.cpSync(CLIENT_DIST, temp.dir, { recursive: true });
  return {
    dir: temp.dir,
    publishNewVersion(marker) {
      const indexFile = path.join(temp.dir, 'index.html');
      const swFile = path.join(temp.dir, 'sw.js');
      const html = fs.readFileSync(indexFile, 'utf8');
      if (!html.includes('<head>')) throw new Error('index.html has no <head> to mark');
      const marked = html.replace('<head>', `<head><meta name="tasklane-build" content="${marker}">`);
      const sw = fs.readFileSync(swFile, 'utf8');
      if (!SHELL_ENTRY.test(sw))
        throw new Error("sw.js has no precache entry for /index.html in the form {'revision':'…','url':'/index.html'}");
      const revision = crypto.createHash('md5').update(marked).digest('hex');
      fs.writeFileSync(indexFile, marked);
      fs.writeFileSync(swFile, sw.replace(SHELL_ENTRY, `$1${revision}$3`));
    },
    remove: () => temp.remove(),
  };
}
