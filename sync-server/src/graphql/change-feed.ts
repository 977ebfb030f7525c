import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Repeater } from 'graphql-yoga';
import type { StoredTask } from '@tasklane/shared/domain/task';
import type { ChangesEvent } from '@tasklane/shared/protocol/changes';
import type { Logger } from '../logging/logger';
import type { ChangeNotifier } from '../sync/change-notifier';

/**
 * [GQ9] The tasks of every `changes` event a user's sockets receive, for GraphQL subscriptions: fed by the same
 * `publish` as the sockets (a listener on the sync service's notifier), and, with Redis, carried to every instance
 * on a channel per user that only instances with a subscriber of that user listen to.
 */
export type ChangeFeed = ChangeNotifier & {
  /** Every task document written for `userId` from now on, one at a time, until the caller stops iterating. */
  subscribe(userId: string): AsyncIterableIterator<StoredTask>;
  close(): Promise<void>;
};

type Listener = (event: ChangesEvent) => void;

const CHANNEL_PREFIX = 'tasklane:graphql:changes:';
/** Events a subscriber has not taken yet before its subscription ends (a stalled SSE reader must not grow memory). */
const MAX_PENDING_EVENTS = 1000;

export function createChangeFeed(deps: { redisUrl?: string; logger: Logger }): ChangeFeed {
  const listeners = new Map<string, Set<Listener>>();
  const deliver = (userId: string, event: ChangesEvent) => {
    for (const listener of listeners.get(userId) ?? []) listener(event);
  };
  const transport = deps.redisUrl === undefined ? undefined : createRedisTransport(deps.redisUrl, deps.logger, deliver);

  function listen(userId: string, listener: Listener): () => void {
    let userListeners = listeners.get(userId);
    if (!userListeners) {
      listeners.set(userId, (userListeners = new Set()));
      transport?.follow(userId);
    }
    userListeners.add(listener);
    return () => {
      userListeners.delete(listener);
      if (userListeners.size > 0 || listeners.get(userId) !== userListeners) return;
      listeners.delete(userId);
      transport?.unfollow(userId);
    };
  }

  return {
    publish(userId, event) {
      if (event.collection !== 'tasks') return;
      // This instance's subscribers hear at once, Redis or not (as its sockets do); Redis carries it to the others.
      deliver(userId, event);
      transport?.publish(userId, event);
    },
    subscribe(userId) {
      return new Repeater<StoredTask>(async (push, stop) => {
        let pending = 0;
        const off = listen(userId, (event) => {
          for (const task of event.documents as StoredTask[]) {
            pending += 1;
            if (pending > MAX_PENDING_EVENTS) {
              stop(new Error('the subscriber fell too far behind'));
              return;
            }
            void push(task).then(() => (pending -= 1));
          }
        });
        await stop;
        off();
      });
    },
    async close() {
      listeners.clear();
      await transport?.close();
    },
  };
}

type RedisTransport = {
  publish(userId: string, event: ChangesEvent): void;
  follow(userId: string): void;
  unfollow(userId: string): void;
  close(): Promise<void>;
};

type RedisMessage = { from: string; event: ChangesEvent };

/**
 * Redis only carries live events, as for sockets (docs/protocol.md [CH4]): while it is down a publish is dropped (logged
 * once per outage) and other instances' subscribers miss those changes; nothing here ever rejects unhandled. A message
 * names the instance that sent it, which has delivered it already.
 */
function createRedisTransport(url: string, logger: Logger, deliver: (userId: string, event: ChangesEvent) => void): RedisTransport {
  const instance = randomUUID();
  const publisher = new Redis(url, { maxRetriesPerRequest: 1 });
  const subscriber = publisher.duplicate({ maxRetriesPerRequest: null });
  let down = false;
  const onError = (error: unknown) => {
    if (down) return;
    down = true;
    logger.warn({ err: error }, 'redis is unreachable: GraphQL subscriptions hear only writes of this instance until it returns');
  };
  publisher.on('error', onError);
  subscriber.on('error', onError);
  publisher.on('ready', () => (down = false));
  subscriber.on('message', (channel: string, message: string) => {
    if (!channel.startsWith(CHANNEL_PREFIX)) return;
    try {
      const { from, event } = JSON.parse(message) as RedisMessage;
      if (from !== instance) deliver(channel.slice(CHANNEL_PREFIX.length), event);
    } catch (error) {
      logger.warn({ err: error }, 'ignored a malformed GraphQL change message from redis');
    }
  });
  return {
    publish(userId, event) {
      const message: RedisMessage = { from: instance, event };
      publisher.publish(CHANNEL_PREFIX + userId, JSON.stringify(message)).catch(onError);
    },
    follow(userId) {
      subscriber.subscribe(CHANNEL_PREFIX + userId).catch(onError);
    },
    unfollow(userId) {
      subscriber.unsubscribe(CHANNEL_PREFIX + userId).catch(onError);
    },
    close() {
      publisher.disconnect();
      subscriber.disconnect();
      return Promise.resolve();
    },
  };
}
