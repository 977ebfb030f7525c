import type { StoredTask } from '@tasklane/shared/domain/task';
import type { RefusedRow } from '@tasklane/shared/protocol/push';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { connectSocket } from '@tasklane/testkit/sync-socket';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { testServerSuite } from '@tasklane/testkit/test-server-suite';

/** docs/insights.md [IN2]: the completions of a series' occurrences, logged by every completion and checked at the boundary. */
describe('completions of a series on the server', () => {
  const suite = testServerSuite();

  it('[IN2] REST completions of a running series log each occurrence with its time, which GraphQL reads too; the field cannot be written directly', async () => {
    const user = await registerUser(suite.server.url);
    const call = (method: string, path: string, body?: unknown) => api(suite.server.url, method, path, { token: user.accessToken, body });
    const created = await call('POST', '/api/tasks', {
      title: 'Stretch',
      due: { date: '2026-03-02' },
      recurrence: { frequency: 'daily', interval: 1, end: { kind: 'never' } },
    });
    expect(created.status).toBe(201);
    const id = (created.body as StoredTask).id;
    expect((created.body as StoredTask).completions).toEqual([]);
    const first = await call('PATCH', `/api/tasks/${id}`, { status: 'done', updatedAt: '2026-03-02T18:00:00.000Z' });
    const second = await call('PATCH', `/api/tasks/${id}`, { status: 'done', updatedAt: '2026-03-03T18:00:00.000Z' });
    expect(first.status).toBe(200);
    expect(second.body).toMatchObject({
      occurrence: 2,
      status: 'todo',
      completions: [
        { occurrence: 0, at: '2026-03-02T18:00:00.000Z' },
        { occurrence: 1, at: '2026-03-03T18:00:00.000Z' },
      ],
    });
    // GraphQL reads the same log
    const read = await call('POST', '/graphql', { query: `{ task(id: "${id}") { occurrence completions { occurrence at } } }` });
    expect(read.body).toEqual({
      data: {
        task: {
          occurrence: 2,
          completions: [
            { occurrence: 0, at: '2026-03-02T18:00:00.000Z' },
            { occurrence: 1, at: '2026-03-03T18:00:00.000Z' },
          ],
        },
      },
    });
    const written = await call('PATCH', `/api/tasks/${id}`, { completions: [] });
    expect(written.status).toBe(400);
    expect(written.body).toMatchObject({ error: { code: 'INVALID_MESSAGE' } });
  });

  it('[IN2] a pushed log out of order, repeated, too long or of an occurrence not yet completed is refused for its row, and nothing is written', async () => {
    const user = await registerUser(suite.server.url);
    const socket = await connectSocket(suite.server.url, user.accessToken);
    try {
      const at = (day: number) => new Date(Date.UTC(2026, 2, 1 + day)).toISOString();
      const good = makeTask({
        occurrence: 2,
        completions: [
          { occurrence: 0, at: at(0) },
          { occurrence: 1, at: at(1) },
        ],
      });
      const outOfOrder = makeTask({
        occurrence: 2,
        completions: [
          { occurrence: 1, at: at(1) },
          { occurrence: 0, at: at(0) },
        ],
      });
      const repeated = makeTask({
        occurrence: 3,
        completions: [
          { occurrence: 1, at: at(1) },
          { occurrence: 1, at: at(2) },
        ],
      });
      const tooLong = makeTask({
        occurrence: 200,
        completions: Array.from({ length: 101 }, (_, occurrence) => ({ occurrence, at: at(occurrence) })),
      });
      const neverHappened = makeTask({ occurrence: 1, completions: [{ occurrence: 1, at: at(1) }] });
      const ack = await socket.push({
        rows: [good, outOfOrder, repeated, tooLong, neverHappened].map((task) => ({ newDocumentState: task })),
      });
      if (!ack.ok) throw new Error(JSON.stringify(ack.error));
      const refused = (ack.data as { refused?: RefusedRow[] }).refused ?? [];
      expect(refused.map((row) => [row.id, row.code])).toEqual([
        [outOfOrder.id, 'INVALID_MESSAGE'],
        [repeated.id, 'INVALID_MESSAGE'],
        [tooLong.id, 'INVALID_MESSAGE'],
        [neverHappened.id, 'INVALID_MESSAGE'],
      ]);
      const held = await api(suite.server.url, 'GET', '/api/tasks', { token: user.accessToken });
      expect((held.body as { tasks: StoredTask[] }).tasks.map((task) => task.id)).toEqual([good.id]);
    } finally {
      socket.close();
    }
  });
});
