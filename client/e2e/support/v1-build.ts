import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

/** The previous release as built (client/e2e/fixtures/README.md says how it was made). */
const FIXTURE = path.resolve(__dirname, '../fixtures/tasklane-v1-build.tar.gz');
/** The bundle requires its externals (express, socket.io, better-sqlite3, …) from the checkout's node_modules. */
const ROOT_NODE_MODULES = path.resolve(__dirname, '../../../node_modules');

export type Version1Build = {
  /** Where the extracted `client/dist` and `sync-server/dist` live. */
  dir: string;
  /** The `src` of the v1 index.html's scripts: a page that loaded any of them runs the v1 build. */
  scriptNames: string[];
  remove(): void;
};

/** Extracts the fixture into a fresh temporary folder, never into the checkout. */
export function extractVersion1Build(): Version1Build {
  const temp = makeTempDir('v1-build');
  execFileSync('tar', ['-xzf', FIXTURE, '-C', temp.dir]);
  const html = fs.readFileSync(path.join(temp.dir, 'client/dist/index.html'), 'utf8');
  const scriptNames = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => path.basename(match[1] ?? ''));
  if (scriptNames.length === 0) throw new Error('the v1 index.html names no script');
  return { dir: temp.dir, scriptNames, remove: () => temp.remove() };
}

/**
 * The v1 server as its own process on `port` with the embedded store in `dataDir`. Its main.js serves
 * `../../client/dist` from itself, i.e. the v1 PWA extracted next to it.
 */
export async function startVersion1Server(build: Version1Build, port: number, dataDir: string): Promise<ServerProcess> {
  const previous = process.env.TASKLANE_SERVER_BUNDLE;
  // startServerProcess reads the bundle's path synchronously, before its first await
  process.env.TASKLANE_SERVER_BUNDLE = path.join(build.dir, 'sync-server/dist/main.js');
  try {
    return startServerProcess({ PORT: String(port), DATA_DIR: dataDir, NODE_PATH: ROOT_NODE_MODULES });
  } finally {
    if (previous === undefined) delete process.env.TASKLANE_SERVER_BUNDLE;
    else process.env.TASKLANE_SERVER_BUNDLE = previous;
  }
}

/** This checkout's built server (sync-server/dist/main.js, serving client/dist) on the same port and store. */
export function startCurrentServer(port: number, dataDir: string): Promise<ServerProcess> {
  return startServerProcess({ PORT: String(port), DATA_DIR: dataDir });
}
