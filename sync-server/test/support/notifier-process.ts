import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TEST_TOKEN_SECRETS } from '@tasklane/testkit/start-test-server';

export type NotifierProcess = {
  metricsUrl: string;
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

/** Starts the built `sync-server/dist/notifier.js` ([NT14]) as its own process; resolves once it runs. */
export async function startNotifierProcess(env: Record<string, string>): Promise<NotifierProcess> {
  const bundle = path.resolve(__dirname, '../../dist/notifier.js');
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run "npm run build -w @tasklane/sync-server" before these tests`);
  const child = spawn(process.execPath, [bundle], {
    env: {
      PATH: process.env.PATH ?? '',
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JWT_SECRET: TEST_TOKEN_SECRETS.accessSecret,
      JWT_REFRESH_SECRET: TEST_TOKEN_SECRETS.refreshSecret,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const metricsUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`notifier did not start:\n${output}`)), 15_000);
    child.stdout?.on('data', () => {
      const match = /metrics on (http:\/\/[^\s]+)\/metrics/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1].replace('localhost', '127.0.0.1'));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`notifier exited with ${code}:\n${output}`));
    });
  });
  return {
    metricsUrl,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A counter's value as a process's /metrics says it (0 when it has no sample yet). */
export async function readCounter(metricsUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}
