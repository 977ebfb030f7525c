import type { InvitationView } from '@tasklane/shared/domain/sharing-schema';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { createTestDevice, type TestDevice } from '@tasklane/testkit/test-device';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { createEmbeddedStore } from '@tasklane/sync-server/src/store/sqlite/embedded-store';
import { syncProblemsOf } from '../src/sync/sync-problems';
import { problemOf } from './support/sync-problem-of';

/**
 * docs/protocol.md [RJ11]: a newer state of a document, pulled while the device held an unpushed edit of it that the
 * server then refuses, is pulled again and applied; nothing stays on the device that its user may no longer see.
 */
describe('a refusal rewinds the pull', () => {
  const temp = makeTempDir('refusal-rewind');
  /** Users whose push acknowledgements are held back: longer than a pull waits for pushes in flight (5 s). */
  const stalled = new Set<string>();
  let server: TestServer;
  let device: TestDevice | undefined;

  beforeAll(async () => {
    const store = createEmbeddedStore(
      { dataDir: temp.dir },
      {
        faults: {
          reached: (point, context) =>
            point === 'before-ack' && stalled.has(context.userId) ? new Promise((resolve) => setTimeout(resolve, 7000)) : undefined,
        },
      },
    );
    server = await startTestServer({ store });
  });
  afterAll(async () => {
    await device?.close();
    await server.close();
    temp.remove();
  });

  const call = (user: RegisteredUser, method: string, path: string, body?: unknown) =>
    api(server.url, method, path, { token: user.accessToken, ...(body === undefined ? {} : { body }) });

  it('[RJ11] [SH5] [RJ6] a member removed while editing offline: the hidden task reaches the device after the refusal, the edit stays in the record', async () => {
    jest.setTimeout(60_000);
    const [owner, member] = [await registerUser(server.url), await registerUser(server.url)];
    const list = (await call(owner, 'POST', '/api/lists', { name: 'Errands' })).body as { id: string };
    const task = (await call(owner, 'POST', '/api/tasks', { title: 'Post the parcel', listId: list.id })).body as { id: string };
    expect((await call(owner, 'POST', `/api/lists/${list.id}/invitations`, { email: member.email, role: 'editor' })).status).toBe(201);
    const invitation = ((await call(member, 'GET', '/api/invitations')).body as { invitations: InvitationView[] }).invitations[0]!;
    expect((await call(member, 'POST', `/api/invitations/${invitation.id}/accept`)).status).toBe(200);

    device = await createTestDevice(server.url, member);
    await (await device.goOnline()).awaitInSync();
    expect((await device.localTasks()).map((held) => held.id)).toEqual([task.id]);

    // Offline, the member edits the task; meanwhile the owner removes them, which hides the task from them ([SH5]).
    await device.goOffline();
    await device.tasks.update(task.id, { title: 'Post the parcel today' });
    expect((await call(owner, 'DELETE', `/api/lists/${list.id}/members/${member.id}`)).status).toBe(204);

    // Back online, the pull brings the hidden task while the edit's push is unanswered: RxDB passes it over.
    stalled.add(member.id);
    const engine = await device.goOnline();
    await problemOf(engine, `tasks:${task.id}`, true);
    stalled.delete(member.id);

    await waitFor(async () => (await device!.localTasks()).length === 0, 20_000, 'the hidden task leaves the device after the refusal');
    expect(syncProblemsOf(device.db).edits$.value.get(`tasks:${task.id}`)).toMatchObject({ document: { title: 'Post the parcel today' } });
  });
});
