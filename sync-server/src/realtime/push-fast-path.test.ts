import { TASK_KEYS, type StoredTask } from '@tasklane/shared/domain/task';
import { registerUser } from '@tasklane/testkit/api-client';
import { connectSocket, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { testServerSuite } from '@tasklane/testkit/test-server-suite';

const reversed = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).reverse()) as T;

/** [SQ1] The zod-free push check takes only what zod would return unchanged; anything else still goes through zod. */
describe('push: the zod-free check and key order', () => {
  const suite = testServerSuite();
  let socket: TestSocket;
  beforeAll(async () => {
    const user = await registerUser(suite.server.url);
    socket = await connectSocket(suite.server.url, user.accessToken);
    suite.closeAfter(() => Promise.resolve(socket.close()));
  });

  async function pulled(id: string): Promise<StoredTask> {
    const answer = await socket.pull({ checkpoint: null, limit: 100 });
    if (!answer.ok) throw new Error(answer.error.message);
    const found = answer.data.documents.find((task) => task.id === id);
    if (!found) throw new Error(`task ${id} not pulled`);
    return found;
  }

  it('[SQ1] a task pushed with its keys out of order is stored and sent in the schema order, and the same content in another order is no change', async () => {
    const task = makeTask({ title: 'reordered', due: { at: '2026-03-01T10:00:00.000Z', timeZone: 'Europe/Berlin' } });
    const out = reversed({ ...task, due: reversed(task.due!) });
    expect(await socket.push({ rows: [{ newDocumentState: out }] })).toEqual({ ok: true, data: { conflicts: [] } });
    const stored = await pulled(task.id);
    expect(Object.keys(stored)).toEqual([...TASK_KEYS]);
    expect(Object.keys(stored.due!)).toEqual(['at', 'timeZone']);

    // the same content in another key order is the server's content: a retry writes nothing ([W5])
    const retry = await socket.push({ rows: [{ newDocumentState: out, assumedMasterState: reversed(stored) }] });
    expect(retry).toEqual({ ok: true, data: { conflicts: [] } });
    expect((await pulled(task.id)).seq).toBe(stored.seq);
    const { seq: _seq, ...base } = stored;
    const next = { ...base, title: 'renamed', updatedAt: '2030-01-01T00:00:00.000Z' };
    const ack = await socket.push({ rows: [{ newDocumentState: reversed(next), assumedMasterState: reversed(stored) }] });
    expect(ack).toEqual({ ok: true, data: { conflicts: [] } });
    const renamed = await pulled(task.id);
    expect(renamed.title).toBe('renamed');
    expect(Object.keys(renamed)).toEqual([...TASK_KEYS]);
  });

  it('[SQ1] a task pushed in the schema order is stored as it was sent', async () => {
    const task = makeTask({ title: 'in order' });
    expect(await socket.push({ rows: [{ newDocumentState: task }] })).toEqual({ ok: true, data: { conflicts: [] } });
    const { seq, ...stored } = await pulled(task.id);
    expect(seq).toEqual(expect.any(Number));
    expect(JSON.stringify(stored)).toBe(JSON.stringify(task));
  });
});
