import { Repeater } from 'graphql-yoga';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';

/** setTimeout's longest delay; a token that lives longer ends the stream no later than this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type StreamGuard = {
  /** When the subscription's access token expires ([H4] for sockets). */
  expiresAtMs: number;
  /** Rejects with UNAUTHENTICATED once the token's sign-in has ended ([AU17]). */
  stillSignedIn: () => Promise<void>;
};

/**
 * [GQ9] A subscription lives as long as its access token and its sign-in, like a socket ([H4], [AU15]): the stream
 * ends with UNAUTHENTICATED when the token expires, and every event is delivered only after the sign-in is checked
 * again (one indexed store read per event), so nothing reaches a stream whose sign-in ended, on any instance.
 */
export function signedInStream<T>(
  source: AsyncIterableIterator<T>,
  guard: StreamGuard,
  now: () => number = Date.now,
): AsyncIterableIterator<T> {
  return new Repeater<T>(async (push, stop) => {
    const timer = setTimeout(
      () => stop(new ProtocolError('UNAUTHENTICATED', 'access token expired; refresh it and subscribe again')),
      Math.max(0, Math.min(MAX_TIMER_MS, guard.expiresAtMs - now())),
    );
    const stopped = stop.then(() => ({ done: true as const, value: undefined }));
    try {
      for (;;) {
        const next = await Promise.race([source.next(), stopped]);
        if (next.done) break;
        await guard.stillSignedIn();
        await push(next.value);
      }
      stop();
    } catch (error) {
      stop(error);
    } finally {
      clearTimeout(timer);
      await source.return?.();
    }
  });
}
