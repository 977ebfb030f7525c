import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import { registerUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { connectSocket, type TestSocket } from '@tasklane/testkit/sync-socket';
import { createAckLedger } from './ack-ledger';
import { findLostAcknowledgedWrites } from './lost-writes';
import { createSeededRandom } from './seeded-random';
import { startServerFleet, type ServerFleet } from './server-fleet';
import { readStore } from './store-reader';

/**
 * A server killed with SIGKILL under sustained load loses no acknowledged
 * write: the SQLite file survives, the instance restarts on the same port,
 * and everything any writer saw acknowledged is in the store with exactly
 * the acknowledged content (or a later acknowledged edit of it).
 */
describe('SIGKILL under sustained load', () => {
  let fleet: ServerFleet;

  beforeAll(async () => {
    fleet = await startServerFleet({ instances: 1, accessTokenTtlSeconds: 900 });
  });
  afterAll(async () => {
    await fleet?.close();
  });

  it('[K1] seed 7: every write acknowledged before each of three SIGKILLs is in the store after restart', async () => {
    const random = createSeededRandom(7);
    const [instance] = fleet.instances;
    const user = await registerUser(instance!.url);
    const ledger = createAckLedger();
    let stop = false;
    const connectionErrors: unknown[] = [];

    /** Inserts batches and edits its own earlier tasks (RxDB's way: learn the seq from a conflict, then push on it). */
    async function writer(index: number) {
      const own: Task[] = [];
      let socket: TestSocket | null = null;
      for (let round = 0; !stop; round += 1) {
        try {
          socket ??= await connectSocket(instance!.url, user.accessToken);
          const inserts = Array.from({ length: 5 }, (_, n) =>
            makeTask({ id: `k1-w${index}-r${round}-${n}`, title: `w${index} r${round} #${n}` }),
          );
          const rows: { newDocumentState: Task; assumedMasterState?: StoredTask }[] = inserts.map((doc) => ({ newDocumentState: doc }));
          const edited = own.length > 0 ? own[random.int(own.length)] : undefined;
          if (edited) {
            const probe = await socket.push({ rows: [{ newDocumentState: edited }] });
            const master = probe.ok ? probe.data.conflicts[0] : undefined;
            if (master)
              rows.push({
                newDocumentState: { ...master, title: `${master.title.split(' +')[0]} +${round}`, updatedAt: new Date().toISOString() },
                assumedMasterState: master,
              });
          }
          const attempts = ledger.emitted(
            user.id,
            `w${index}`,
            rows.map((row) => row.newDocumentState),
          );
          const ack = await socket.push({ rows }).catch(() => null);
          if (!ack?.ok) {
            ledger.failed(attempts);
            throw new Error('push failed');
          }
          ledger.answered(attempts, new Set(ack.data.conflicts.map((conflict) => conflict.id)));
          own.push(...inserts);
        } catch (error) {
          connectionErrors.push(error);
          socket?.close();
          socket = null;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      socket?.close();
    }

    const writers = [0, 1, 2, 3].map(writer);
    for (let kill = 0; kill < 3; kill += 1) {
      await new Promise((resolve) => setTimeout(resolve, 700 + random.int(600)));
      await fleet.kill(0);
      await fleet.start(0); // same port, same DATA_DIR
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop = true;
    await Promise.all(writers);

    const stored = await readStore(instance!.url, user);
    const lost = findLostAcknowledgedWrites(ledger.attempts, new Map([[user.id, new Map(stored.map((task) => [task.id, task]))]]));
    expect(lost).toEqual([]);
    // The kills did interrupt the load, and a lot had been acknowledged around them.
    expect(connectionErrors.length).toBeGreaterThan(0);
    expect(ledger.acknowledgedCount()).toBeGreaterThan(100);
    // No write the server never acknowledged is invented, and no id appears twice.
    const pushedIds = new Set(ledger.attempts.map((attempt) => attempt.doc.id));
    expect(stored.every((task) => pushedIds.has(task.id))).toBe(true);
    expect(new Set(stored.map((task) => task.id)).size).toBe(stored.length);
  }, 120_000);
});
