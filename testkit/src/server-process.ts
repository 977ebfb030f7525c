import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TEST_TOKEN_SECRETS } from './start-test-server';

/** The built server; a bundled caller (the benchmark) points at it with TASKLANE_SERVER_BUNDLE. */
export function serverBundle(): string {
  return process.env.TASKLANE_SERVER_BUNDLE ?? path.resolve(__dirname, '../../sync-server/dist/main.js');
}

export type ServerProcess = {
  url: string;
  /** The METRICS_PORT listener's origin (`${metricsUrl}/metrics` is scraped). */
  metricsUrl: string;
  child: ChildProcess;
  output: () => string;
  /** What the process wrote to stdout alone. */
  stdout: () => string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

/** Starts the built server (`npm run build` first) as its own process on a free port. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const bundle = serverBundle();
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run "npm run build" before these tests`);
  const child = spawn(process.execPath, [bundle], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JWT_SECRET: TEST_TOKEN_SECRETS.accessSecret,
      JWT_REFRESH_SECRET: TEST_TOKEN_SECRETS.refreshSecret,
      // Cheap scrypt, as in-process test servers use (FAST_PASSWORD_HASHING): N=2^17 made 10 sign-ups take 8 s, not 0.4 s.
      PASSWORD_HASH_COST: '10',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const [url, metricsUrl] = await new Promise<[string, string]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15_000);
    const check = () => {
      // Development prints plain lines; production one JSON line ([LG4]).
      const match = /(?:running on |"url":")(http:\/\/[^\s"]+)/.exec(output);
      const metrics = /(?:metrics on |"metricsUrl":")(http:\/\/[^\s"]+)\/metrics/.exec(output);
      if (match?.[1] && metrics?.[1]) {
        clearTimeout(timer);
        resolve([match[1].replace('localhost', '127.0.0.1'), metrics[1].replace('localhost', '127.0.0.1')]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });

  return {
    url,
    metricsUrl,
    child,
    output: () => output,
    stdout: () => stdout,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
