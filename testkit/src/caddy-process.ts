import { spawn, spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from './temp-dir';
import { waitForPort } from './wait-for-port';

export const CADDY_BIN = process.env.CADDY_BIN ?? 'caddy';

export function caddyAvailable(): boolean {
  return spawnSync(CADDY_BIN, ['version']).status === 0;
}

export type CaddyProcess = {
  /** Caddy's local CA (`tls internal`): the root a phone would install, and the intermediate it serves with each leaf. */
  localCa: { root: string; intermediate: string };
  output(): string;
  stop(): Promise<void>;
};

async function waitForFile(file: string, deadline: number): Promise<void> {
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`caddy did not write ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs Debian's caddy unprivileged with `caddyfile` as it is; `env` fills its `{$VARIABLES}` (addresses and upstream).
 * Its data (local CA, certificates) lives in a temporary folder removed by stop(). With `usesLocalCa: false`
 * (certificate files of one's own) start-up does not wait for the local CA, which Caddy then never creates.
 */
export async function startCaddy(
  caddyfile: string,
  env: Record<string, string>,
  httpsPort: number,
  { usesLocalCa = true }: { usesLocalCa?: boolean } = {},
): Promise<CaddyProcess> {
  const home = makeTempDir('caddy');
  const child = spawn(CADDY_BIN, ['run', '--config', caddyfile, '--adapter', 'caddyfile'], {
    env: { PATH: process.env.PATH ?? '', HOME: home.dir, XDG_DATA_HOME: home.dir, XDG_CONFIG_HOME: home.dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    home.remove();
  };
  const authority = path.join(home.dir, 'caddy/pki/authorities/local');
  try {
    const deadline = Date.now() + 15_000;
    const died = exited.then(() => Promise.reject(new Error(`caddy exited:\n${output}`)));
    await Promise.race([waitForPort(httpsPort, { deadline, what: 'caddy' }), died]);
    if (usesLocalCa) await Promise.race([waitForFile(path.join(authority, 'intermediate.crt'), deadline), died]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    localCa: { root: path.join(authority, 'root.crt'), intermediate: path.join(authority, 'intermediate.crt') },
    output: () => output,
    stop,
  };
}

/** Chromium's `--ignore-certificate-errors-spki-list` form of a certificate: base64 SHA-256 of its SubjectPublicKeyInfo. */
export function spkiHash(certificatePem: string): string {
  const spki = new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
