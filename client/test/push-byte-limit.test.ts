import { io } from 'socket.io-client';
import { TASK_LIMITS } from '@tasklane/shared/domain/task-fields';
import type { Task } from '@tasklane/shared/domain/task';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { createTestDevice } from '@tasklane/testkit/test-device';
import { testServerSuite } from '@tasklane/testkit/test-server-suite';
import { utf8Length } from '@tasklane/shared/export/utf8-length';
import { pushWithinByteLimit, splitRowsByBytes } from '../src/sync/push-within-byte-limit';

/**
 * The widest text a task can store: characters outside the BMP, four UTF-8 bytes each, counted as one character
 * (zod counts code points). Control characters and lone surrogates, which JSON writes as six bytes, are refused per row
 * (data-model-v2.md [UC1], [UC6]), so they no longer make a storable task wider.
 */
const WIDEST_DESCRIPTION = '\u{1F600}'.repeat(TASK_LIMITS.descriptionMaxLength);
/** Enough of them that one message of all their updates is over the 8 MiB limit (about 10 MB). */
const TASKS = 250;

function wideTask(title: string): Task {
  return makeTask({ title, description: WIDEST_DESCRIPTION });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('push messages within the byte limit [AB4]', () => {
  const suite = testServerSuite();

  it('[AB4] rows are split into consecutive messages of at most the byte limit, in order, none lost; a lone larger row goes alone', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      newDocumentState: makeTask({ title: `row ${i}`, description: 'é'.repeat(i * 100) }),
    }));
    const limit = 20_000;
    const batches = splitRowsByBytes(rows, limit);
    expect(batches.flat()).toEqual(rows);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) {
      const bytes = utf8Length(JSON.stringify({ rows: batch }));
      expect(bytes === Buffer.byteLength(JSON.stringify({ rows: batch }))).toBe(true);
      if (batch.length > 1) expect(bytes).toBeLessThanOrEqual(limit);
    }
    expect(splitRowsByBytes(rows, 10)).toEqual(rows.map((row) => [row]));
    expect(utf8Length('a€😀\u0001')).toBe(Buffer.byteLength('a€😀\u0001'));
  });

  it('[AB4] [H6] a single message over 8 MiB closes the connection; the client sees a disconnect ("transport close"), not an error answer', async () => {
    const user = await registerUser(suite.server.url);
    const socket = io(suite.server.url, {
      transports: ['websocket'],
      auth: { token: user.accessToken, protocolVersion: PROTOCOL_VERSION },
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const rows = Array.from({ length: TASKS }, (_, i) => {
      const task = wideTask(`oversized ${i}`);
      return { newDocumentState: task, assumedMasterState: { ...task, seq: 1 } };
    });
    expect(Buffer.byteLength(JSON.stringify({ rows }))).toBeGreaterThan(PROTOCOL_LIMITS.maxSocketMessageBytes);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const ack = socket.timeout(10_000).emitWithAck('push', { rows });
    expect(await disconnected).toBe('transport close');
    await expect(ack).rejects.toThrow();
    socket.close();
    expect((await api(suite.server.url, 'GET', '/api/tasks', { token: user.accessToken })).body.tasks).toEqual([]);
  });

  it('[AB4] the reference client pushes 250 updates of maximally wide tasks (about 10 MB as one message) and the server takes them all', async () => {
    const user = await registerUser(suite.server.url);
    const device = await createTestDevice(suite.server.url, user);
    suite.closeAfter(() => device.close());
    const engine = await device.goOnline();
    const tasks = Array.from({ length: TASKS }, (_, i) => wideTask(`wide ${i}`));
    await device.db.tasks.bulkInsert(tasks);
    await withTimeout(engine.awaitInSync(), 20_000, 'the inserts to sync');

    await device.goOffline();
    const edited = tasks.map((task) => ({ ...task, title: `${task.title} edited`, updatedAt: new Date().toISOString() }));
    await device.db.tasks.bulkUpsert(edited);
    const online = await device.goOnline();
    await withTimeout(online.awaitInSync(), 20_000, 'the 250 updates to sync');

    const listed = await api(suite.server.url, 'GET', `/api/tasks?limit=${TASKS}`, { token: user.accessToken });
    expect((listed.body.tasks as Task[]).map((task) => task.title).sort()).toEqual(edited.map((task) => task.title).sort());
  }, 60_000);

  it('[AB4] pushWithinByteLimit answers the conflicts of every message', async () => {
    const sent: number[] = [];
    const rows = Array.from({ length: 5 }, () => ({ newDocumentState: wideTask('conflicting') }));
    const response = await pushWithinByteLimit(
      (request) => {
        sent.push(request.rows.length);
        return Promise.resolve({ conflicts: request.rows.map((row) => ({ ...row.newDocumentState, seq: 7 })) });
      },
      rows,
      150_000,
    );
    expect(sent.reduce((a, b) => a + b, 0)).toBe(5);
    expect(sent.length).toBeGreaterThan(1);
    expect(response.conflicts.map((task) => task.id)).toEqual(rows.map((row) => row.newDocumentState.id));
  });
});
