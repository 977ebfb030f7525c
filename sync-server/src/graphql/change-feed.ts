import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Repeater } from 'graphql-yoga';
import type { StoredTask } from '@tasklane/shared/domain/task';
import type { ChangesEvent } from '@tasklane/shared/protocol/changes';
import type { Logger } from '../logging/logger';
import type { ChangeNotifier } from '../sync/change-notifier';
import { createStreamRegistry } from './stream-registry';

/**
 * [GQ9] The tasks of every `changes` event a user's sockets receive, for GraphQL subscriptions: fed by the same
 * `publish` as the sockets (a listener on the sync service's notifier), and, with Redis, carried to every instance
 * on a channel per user that only instances with a subscriber of that user listen to.
 */
export type ChangeFeed = ChangeNotifier & {
  /**
   * Every task document written for `userId` from now on, one at a time, until the caller stops iterating or the
   * sign-in `sessionId` ends. Throws TOO_MANY_SOCKETS past the user's cap of subscriptions ([GQ15]).
   */
  subscribe(userId: string, sessionId: string | undefined): AsyncIterableIterator<StoredTask>;
  /** [GQ9] Ends the subscriptions of one sign-in at once, on every instance (through Redis when configured). */
  endSession(sessionId: string): void;
  /** [GQ9] Ends the subscriptions of one user at once, on every instance (account deletion). */
  endUser(userId: string): void;
  close(): Promise<void>;
};

type Listener = (event: ChangesEvent) => void;

const CHANNEL_PREFIX = 'tasklane:graphql:changes:';
/** Ended sign-ins and accounts, heard by every instance with Redis ([GQ9]). */
const ENDED_CHANNEL = 'tasklane:graphql:ended';
/** Events a subscriber has not taken yet before its subscription ends (a stalled SSE reader must not grow memory). */
const MAX_PENDING_EVENTS = 1000;

export function createChangeFeed(deps: { redisUrl?: string; logger: Logger; maxStreamsPerUser: number }): ChangeFeed {
  const listeners = new Map<string, Set<Listener>>();
  const streams = createStreamRegistry({ maxPerUser: deps.maxStreamsPerUser });
  const deliver = (userId: string, event: ChangesEvent) => {
    for (const listener of listeners.get(userId) ?? []) listener(event);
  };
  const ended = (end: Ended) => ('sessionId' in end ? streams.endSession(end.sessionId) : streams.endUser(end.userId));
  const transport = deps.redisUrl === undefined ? undefined : createRedisTransport(deps.redisUrl, deps.logger, deliver, ended);

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
    subscribe(userId, sessionId) {
      streams.checkRoom(userId);
      return new Repeater<StoredTask>(async (push, stop) => {
        let release: () => void;
        try {
          // Counted once running (yoga iterates at once); checkRoom above answered the usual refusal already.
          release = streams.open(userId, sessionId, (error) => stop(error));
        } catch (error) {
          stop(error);
          return;
        }
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
        release();
      });
    },
    endSession(sessionId) {
      ended({ sessionId });
      transport?.publishEnded({ sessionId });
    },
    endUser(userId) {
      ended({ userId });
      transport?.publishEnded({ userId });
    },
    async close() {
      listeners.clear();
      await transport?.close();
    },
  };
}

type Ended = { sessionId: string } | { userId: string };

type RedisTransport = {
  publish(userId: string, event: ChangesEvent): void;
  publishEnded(end: Ended): void;
  follow(userId: string): void;
  unfollow(userId: string): void;
  close(): Promise<void>;
};

type RedisMessage = { from: string; event: ChangesEvent };
type EndedMessage = { from: string; end: Ended };

/**
 * Redis only carries live events, as for sockets (docs/protocol.md [CH4]): while it is down a publish is dropped (logged
 * once per outage) and other instances' subscribers miss those changes; nothing here ever rejects unhandled. A message
 * names the instance that sent it, which has delivered it already.
 */
function createRedisTransport(
  url: string,
  logger: Logger,
  deliver: (userId: string, event: ChangesEvent) => void,
  ended: (end: Ended) => void,
): RedisTransport {
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
  subscriber.subscribe(ENDED_CHANNEL).catch(onError);
  subscriber.on('message', (channel: string, message: string) => {
    if (channel !== ENDED_CHANNEL && !channel.startsWith(CHANNEL_PREFIX)) return;
    try {
      if (channel === ENDED_CHANNEL) {
        const { from, end } = JSON.parse(message) as EndedMessage;
        if (from !== instance) ended(end);
        return;
      }
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
    publishEnded(end) {
      const message: EndedMessage = { from: instance, end };
      publisher.publish(ENDED_CHANNEL, JSON.stringify(message)).catch(onError);
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
