import type { StoredTask } from '@tasklane/shared/domain/task';
import { api, registerUser, type ApiResponse, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket } from '@tasklane/testkit/sync-socket';

/** docs/reminders.md [RM7]: a task's reminders over REST (and as sync sees them), against a real server on port 0. */
describe('REST tasks with reminders', () => {
  let server: TestServer;
  let alice: RegisteredUser;
  beforeAll(async () => {
    server = await startTestServer();
    alice = await registerUser(server.url);
  });
  afterAll(async () => {
    await server.close();
  });

  const call = (method: string, path: string, body?: unknown): Promise<ApiResponse> =>
    api(server.url, method, path, { token: alice.accessToken, ...(body === undefined ? {} : { body }) });
  const create = async (body: object): Promise<StoredTask> => {
    const response = await call('POST', '/api/tasks', body);
    if (response.status !== 201) throw new Error(`create: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as StoredTask;
  };
  const everything = () => server.store.pullChanges(alice.id, 0, 1000);

  it('[RM7] [RM2] a task takes reminders in any ISO spelling and returns and replicates them canonical, in id order', async () => {
    const task = await create({
      title: 'Dentist',
      due: { at: '2030-05-01T09:00:00+02:00', timeZone: 'Europe/Berlin' },
      reminders: [
        { id: 'r2', before: 'PT90M' },
        { id: 'r1', at: '2030-04-30T20:00:00+02:00' },
        { id: 'r3', before: 'P1D' },
      ],
    });
    expect(task.reminders).toEqual([
      { id: 'r1', at: '2030-04-30T18:00:00.000Z' },
      { id: 'r2', before: 'PT1H30M' },
      { id: 'r3', before: 'P1D' },
    ]);
    expect((await call('GET', `/api/tasks/${task.id}`)).body).toEqual(task);
    const socket = await connectSocket(server.url, alice.accessToken);
    try {
      const pulled = await socket.pull({ checkpoint: null, limit: 100 });
      if (!pulled.ok) throw new Error(pulled.error.message);
      expect(pulled.data.documents.find((doc) => doc.id === task.id)?.reminders).toEqual(task.reminders);
    } finally {
      socket.close();
    }
    // A task without reminders has none; a patch replaces the whole list.
    expect((await create({ title: 'No reminders' })).reminders).toEqual([]);
    const patched = await call('PATCH', `/api/tasks/${task.id}`, { reminders: [{ id: 'r4', before: 'PT0M' }] });
    expect(patched.status).toBe(200);
    expect(patched.body.reminders).toEqual([{ id: 'r4', before: 'PT0M' }]);
    expect((await call('PATCH', `/api/tasks/${task.id}`, { reminders: [] })).body.reminders).toEqual([]);
  });

  it('[RM7] bad reminders are 400 INVALID_MESSAGE naming the field, and nothing is written', async () => {
    const task = await create({ title: 'Call mum', reminders: [{ id: 'r1', before: 'PT10M' }] });
    const many = Array.from({ length: 11 }, (_, index) => ({ id: `r${index}`, before: 'PT1H' }));
    const cases: [unknown, RegExp][] = [
      [[{ id: 'r1', before: 'P29D' }], /reminders\.0/],
      [[{ id: 'r1', before: '-PT1H' }], /reminders\.0/],
      [[{ id: 'r1', at: 'tomorrow' }], /reminders\.0/],
      [[{ id: 'bad id!', at: '2030-01-01T00:00:00Z' }], /reminders\.0/],
      [[{ before: 'PT1H' }], /reminders\.0/],
      [[{ id: 'r1', at: '2030-01-01T00:00:00Z', before: 'PT1H' }], /reminders\.0/],
      [
        [
          { id: 'r1', before: 'PT1H' },
          { id: 'r1', at: '2030-01-01T00:00:00Z' },
        ],
        /reminders: reminder ids must be unique/,
      ],
      [many, /reminders: .*10/],
      ['PT1H', /reminders/],
    ];
    const before = await everything();
    for (const [reminders, message] of cases) {
      for (const [method, path, body] of [
        ['PATCH', `/api/tasks/${task.id}`, { reminders }],
        ['POST', '/api/tasks', { title: 'x', reminders }],
      ] as const) {
        const response = await call(method, path, body);
        expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 400, code: 'INVALID_MESSAGE' });
        expect(response.body.error.message).toMatch(message);
      }
    }
    expect(await everything()).toEqual(before);
  });

  it('[RM3] [RM7] a before reminder without a timed due is kept (inactive), not refused', async () => {
    const task = await create({ title: 'Someday', due: { date: '2030-05-01' }, reminders: [{ id: 'r1', before: 'PT1H' }] });
    expect(task.reminders).toEqual([{ id: 'r1', before: 'PT1H' }]);
    const undated = await call('PATCH', `/api/tasks/${task.id}`, { due: null });
    expect(undated.body.reminders).toEqual([{ id: 'r1', before: 'PT1H' }]);
  });

  it('[RM4] [LR15] completing a recurring task over REST moves its at reminders with the due', async () => {
    const task = await create({
      title: 'Stand-up',
      due: { at: '2030-01-07T08:00:00.000Z', timeZone: 'Europe/Berlin' },
      recurrence: { frequency: 'daily', interval: 1, end: { kind: 'never' } },
      reminders: [
        { id: 'early', at: '2030-01-07T07:00:00.000Z' },
        { id: 'ten', before: 'PT10M' },
      ],
    });
    const done = await call('PATCH', `/api/tasks/${task.id}`, { status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ occurrence: 1, due: { at: '2030-01-08T08:00:00.000Z', timeZone: 'Europe/Berlin' } });
    expect(done.body.reminders).toEqual([
      { id: 'early', at: '2030-01-08T07:00:00.000Z' },
      { id: 'ten', before: 'PT10M' },
    ]);
  });

  it('[RM10] a PATCH that completes a recurring task and sets reminders stores the reminders it sent, not moved by the advance', async () => {
    const task = await create({
      title: 'Water the plants',
      due: { at: '2030-01-07T08:00:00.000Z', timeZone: 'Europe/Berlin' },
      recurrence: { frequency: 'daily', interval: 1, end: { kind: 'never' } },
      reminders: [{ id: 'old', at: '2030-01-07T07:00:00.000Z' }],
    });
    const reminders = [
      { id: 'next', at: '2030-01-08T06:30:00+00:00' },
      { id: 'soon', before: 'PT90M' },
    ];
    const done = await call('PATCH', `/api/tasks/${task.id}`, { status: 'done', reminders });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ occurrence: 1, due: { at: '2030-01-08T08:00:00.000Z', timeZone: 'Europe/Berlin' } });
    const stored = [
      { id: 'next', at: '2030-01-08T06:30:00.000Z' },
      { id: 'soon', before: 'PT1H30M' },
    ];
    expect(done.body.reminders).toEqual(stored);
    expect((await server.store.getTask(alice.id, task.id))!.reminders).toEqual(stored);
  });
});
