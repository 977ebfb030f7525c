import type { Observable } from 'rxjs';
import type { ConnectionState } from './socket-transport';

export type PullGate = {
  /** A pull was answered on the current connection: its checkpoint was accepted. */
  pulled(): void;
  /** Before a push: runs the probe unless a pull was answered on this connection; rejects as the probe does. */
  beforePush(): Promise<void>;
  close(): void;
};

/**
 * [G6] The first push on every connection goes out only after the server accepted the device's
 * checkpoint. A store restored from a backup is noticed by a pull ([G3]: the checkpoint is past
 * the user's newest change) only while nothing raised that newest seq again, and the device's own
 * pending writes, retried the moment it reconnects, would be the first to do so — while RxDB holds
 * the reconnect's pull back until pushes finish. So unless a pull already got through on this
 * connection, the push first sends `probe` (a one-document pull from the device's checkpoint).
 */
export function createPullGate(state$: Observable<ConnectionState>, probe: () => Promise<unknown>): PullGate {
  let accepted = false;
  let closed = false;
  let probing: Promise<void> | null = null;
  const subscription = state$.subscribe((state) => {
    if (state !== 'online') accepted = false;
  });

  return {
    pulled() {
      accepted = true;
    },
    async beforePush() {
      if (closed) throw new Error('replication replaced or cancelled; not pushed');
      if (accepted) return;
      probing ??= probe()
        .then(() => void (accepted = true))
        .finally(() => (probing = null));
      await probing;
    },
    close() {
      closed = true;
      subscription.unsubscribe();
    },
  };
}
