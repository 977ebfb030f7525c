import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';

/** A refused subscriber may subscribe again once another of its streams ends; only a hint, as for sockets ([AB1]). */
const TOO_MANY_STREAMS_RETRY_MS = 30_000;

type OpenStream = { end: (error: Error) => void };

export type StreamRegistry = {
  /** [GQ15] Throws TOO_MANY_SOCKETS when the user already has `maxPerUser` subscriptions open on this instance. */
  checkRoom(userId: string): void;
  /** Counts one open subscription (refused as `checkRoom` refuses) until the returned release is called. */
  open(userId: string, sessionId: string | undefined, end: (error: Error) => void): () => void;
  /** [GQ9] Ends every subscription of one sign-in now (signed out, revoked). */
  endSession(sessionId: string): void;
  /** [GQ9] Ends every subscription of one user now (account deleted). */
  endUser(userId: string): void;
};

/**
 * The GraphQL subscriptions open on this instance, per user and per sign-in: capped per user as sockets are
 * (MAX_SOCKETS_PER_USER, [AB1]; counted apart from them), and ended with UNAUTHENTICATED when their sign-in ends.
 */
export function createStreamRegistry(deps: { maxPerUser: number }): StreamRegistry {
  const byUser = new Map<string, Set<OpenStream>>();
  const bySession = new Map<string, Set<OpenStream>>();
  const index = (map: Map<string, Set<OpenStream>>, key: string, stream: OpenStream): (() => void) => {
    let streams = map.get(key);
    if (!streams) map.set(key, (streams = new Set()));
    streams.add(stream);
    return () => {
      streams.delete(stream);
      if (streams.size === 0 && map.get(key) === streams) map.delete(key);
    };
  };
  const endAll = (streams: Iterable<OpenStream>, message: string) => {
    for (const stream of [...streams]) stream.end(new ProtocolError('UNAUTHENTICATED', message));
  };
  const checkRoom = (userId: string) => {
    const open = byUser.get(userId)?.size ?? 0;
    if (open < deps.maxPerUser) return;
    throw new ProtocolError(
      'TOO_MANY_SOCKETS',
      `this account already has ${open} GraphQL subscriptions open (at most ${deps.maxPerUser}); end one and try again`,
      { retryAfterMs: TOO_MANY_STREAMS_RETRY_MS },
    );
  };

  return {
    checkRoom,
    open(userId, sessionId, end) {
      checkRoom(userId);
      const stream: OpenStream = { end };
      const releases = [index(byUser, userId, stream), ...(sessionId === undefined ? [] : [index(bySession, sessionId, stream)])];
      return () => releases.forEach((release) => release());
    },
    endSession(sessionId) {
      endAll(bySession.get(sessionId) ?? [], 'this sign-in has ended; sign in again and subscribe again');
    },
    endUser(userId) {
      endAll(byUser.get(userId) ?? [], 'this account has been deleted');
    },
  };
}
