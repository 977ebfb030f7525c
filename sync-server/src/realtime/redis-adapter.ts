import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import type { ReadinessCheck } from '../health/readiness-check';
import type { Logger } from '../logging/logger';

export type RedisFanOutConfig = { url: string; sharded: boolean };

export type RedisFanOut = {
  adapter: ServerOptions['adapter'];
  readinessCheck: ReadinessCheck;
  close(): Promise<void>;
};

/**
 * Broadcasts `changes` to the other instances through Redis Pub/Sub.
 * Redis only carries live events: while it is down, publishing is dropped
 * (logged once per outage), sockets on the writing instance are still served
 * locally, and other clients heal by pulling from their checkpoint (docs/protocol.md [CH4]).
 */
export function createRedisFanOut(config: RedisFanOutConfig, logger: Logger): RedisFanOut {
  // A publish queued while Redis is away fails after one reconnect attempt instead of piling up.
  const pubClient = new Redis(config.url, { maxRetriesPerRequest: 1, lazyConnect: false });
  // The subscriber waits for Redis as long as it takes and re-subscribes when it returns.
  const subClient = pubClient.duplicate({ maxRetriesPerRequest: null });

  let down = false;
  const onError = (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: error }, 'redis is unreachable: live changes reach only clients of this instance until it returns');
  };
  pubClient.on('error', onError);
  subClient.on('error', onError);
  pubClient.on('ready', () => {
    if (down) logger.info('redis is back: cross-instance live changes resumed');
    down = false;
  });

  // The classic adapter does not await `publish`; an unhandled rejection would end the process.
  const publish = pubClient.publish.bind<(channel: string, message: string | Buffer) => Promise<number>>(pubClient);
  (pubClient as unknown as { publish: typeof publish }).publish = (channel, message) =>
    publish(channel, message).catch((error: unknown) => {
      onError(error instanceof Error ? error : new Error(String(error)));
      return 0;
    });

  const adapter = config.sharded ? createShardedAdapter(pubClient, subClient) : createAdapter(pubClient, subClient);

  return {
    adapter,
    readinessCheck: {
      name: 'redis',
      // Redis only carries live events: while it is down the instance still serves every read and write ([O9]).
      required: false,
      async check() {
        for (const client of [pubClient, subClient]) {
          if (client.status !== 'ready') throw new Error(`redis connection is ${client.status}`);
        }
        await pubClient.ping();
      },
    },
    close() {
      // No QUIT handshake: it would wait for a Redis that may be down, and Pub/Sub state is disposable.
      pubClient.disconnect();
      subClient.disconnect();
      return Promise.resolve();
    },
  };
}
