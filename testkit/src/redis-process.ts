import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { waitForPort } from './wait-for-port';

export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? 'redis-server';

export type RedisProcess = {
  port: number;
  url: string;
  /** Kills the server (SIGKILL: an outage, not a shutdown) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
};

export function redisAvailable(): boolean {
  return spawnSync(REDIS_SERVER_BIN, ['--version']).status === 0;
}

/** A throw-away redis-server on `port`: no persistence, killed by the caller in afterAll. */
export async function startRedis(port: number): Promise<RedisProcess> {
  /** Every child started and not yet exited: a restart whose start-up timed out must not outlive kill(). */
  const alive = new Set<ChildProcess>();
  const start = async () => {
    const started = spawn(
      REDIS_SERVER_BIN,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      { stdio: 'ignore' },
    );
    alive.add(started);
    started.once('exit', () => alive.delete(started));
    await waitForPort(port, { deadline: Date.now() + 5000, what: 'redis-server' });
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      await Promise.all(
        [...alive]
          .filter((running) => running.exitCode === null && running.signalCode === null)
          .map((running) => {
            const exited = new Promise((resolve) => running.once('exit', resolve));
            running.kill('SIGKILL');
            return exited;
          }),
      );
    },
    restart: start,
  };
}
