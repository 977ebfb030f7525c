import { freePort } from '@tasklane/testkit/free-port';
import { redisAvailable, REDIS_SERVER_BIN, startRedis, type RedisProcess } from '@tasklane/testkit/redis-process';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

export type FleetInstance = {
  index: number;
  port: number;
  url: string;
  readonly up: boolean;
};

/**
 * M real sync-server processes (the built `sync-server/dist/main.js`) sharing
 * one SQLite file in one DATA_DIR, each with REDIS_URL pointing at one real
 * redis-server. Each instance keeps its port across SIGKILL and restart.
 */
export type ServerFleet = {
  instances: FleetInstance[];
  dataDir: string;
  readonly redisUp: boolean;
  livePorts(): number[];
  /** SIGKILL: no shutdown, no flushing — the process is gone. */
  kill(index: number): Promise<void>;
  start(index: number): Promise<void>;
  killRedis(): Promise<void>;
  startRedis(): Promise<void>;
  /** Output of every process started so far for an instance (for failure reports). */
  output(index: number): string;
  /** Kills everything and removes the data directory. Safe to call twice. */
  close(): Promise<void>;
};

export type FleetOptions = { instances: number; accessTokenTtlSeconds: number; logLevel?: string };

export async function startServerFleet(options: FleetOptions): Promise<ServerFleet> {
  if (!redisAvailable())
    throw new Error(`${REDIS_SERVER_BIN} is not installed: apt-get install -y redis-server (scripts/test-all.sh does)`);
  const temp = makeTempDir('chaos');
  const processes: (ServerProcess | null)[] = [];
  const outputs: string[] = [];
  const instances: FleetInstance[] = [];
  let redis: RedisProcess | null = null;
  let redisUp = false;
  let closed = false;
  /** Redis kills and restarts run one at a time: two overlapping restarts would lose track of a child. */
  let redisQueue: Promise<void> = Promise.resolve();
  const queueRedis = (work: () => Promise<void>) => (redisQueue = redisQueue.then(work, work));

  const fleet: ServerFleet = {
    instances,
    dataDir: temp.dir,
    get redisUp() {
      return redisUp;
    },
    livePorts: () => instances.filter((instance) => instance.up).map((instance) => instance.port),
    async kill(index) {
      const running = processes[index];
      if (!running) return;
      processes[index] = null;
      outputs[index] += running.output();
      await running.stop('SIGKILL');
    },
    async start(index) {
      if (processes[index] || closed) return;
      const instance = instances[index]!;
      const started = await startServerProcess({
        DATA_DIR: temp.dir,
        PORT: String(instance.port),
        REDIS_URL: redis!.url,
        ACCESS_TOKEN_TTL: String(options.accessTokenTtlSeconds),
        LOG_LEVEL: options.logLevel ?? 'error',
        // Every simulated device is 127.0.0.1: per-IP and per-socket limits would throttle the test, not a user.
        RATE_LIMIT_AUTH: '1000000',
        RATE_LIMIT_API: '1000000',
        RATE_LIMIT_SOCKET: '1000000',
        RATE_LIMIT_HANDSHAKE: '1000000',
        MAX_SOCKETS_PER_USER: '1000000',
      });
      if (closed) {
        await started.stop('SIGKILL');
        return;
      }
      processes[index] = started;
    },
    killRedis() {
      redisUp = false;
      return queueRedis(async () => {
        await redis?.kill();
      });
    },
    startRedis() {
      return queueRedis(async () => {
        if (redisUp || closed) return;
        await redis!.restart();
        redisUp = true;
      });
    },
    output: (index) => (outputs[index] ?? '') + (processes[index]?.output() ?? ''),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled(processes.filter((running) => running !== null).map((running) => running.stop('SIGKILL')));
      await queueRedis(async () => {
        await redis?.kill();
      });
      temp.remove();
    },
  };

  try {
    redis = await startRedis(await freePort());
    redisUp = true;
    for (let index = 0; index < options.instances; index += 1) {
      const port = await freePort();
      outputs.push('');
      processes.push(null);
      instances.push({
        index,
        port,
        url: `http://127.0.0.1:${port}`,
        get up() {
          return processes[index] !== null;
        },
      });
    }
    await Promise.all(instances.map((instance) => fleet.start(instance.index)));
  } catch (error) {
    // The start-up's own error is the one worth reading; a failure to clean up after it must not replace it.
    await fleet.close().catch(() => undefined);
    throw error;
  }
  return fleet;
}
