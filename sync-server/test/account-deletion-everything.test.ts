import path from 'node:path';
import Database from 'better-sqlite3';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { api, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { linkToken, startSmtpInbox, type SmtpInbox } from '@tasklane/testkit/smtp-inbox';
import { waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { startFakePushService, type FakePushService, type FakeSubscription } from './support/fake-push-service';
import { data, heldLists, heldTasks, sharingPeople, type Person } from './support/sharing-people';
import { pullFrom, textColumnsMentioning } from './support/store-sweep';

jest.setTimeout(30_000);

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * docs/protocol.md [AC8], [AC12]: an account with everything an account can have (verified address, an unspent reset
 * link, push subscriptions with reminders delivered to them, a list shared with someone, membership of someone else's
 * list with a task assigned to it, several sign-ins) is deleted through the built server, and the SQLite file holds
 * nothing of it afterwards — searched in every column of every table, not only the ones the deletion knows about.
 */
describe('account deletion end to end (built dist/main.js, real SMTP inbox, local HTTPS push service)', () => {
  const temp = makeTempDir('account-deletion-everything');
  const sockets: TestSocket[] = [];
  let inbox: SmtpInbox;
  let push: FakePushService;
  let server: ServerProcess;
  const dataDir = path.join(temp.dir, 'data');
  const people = sharingPeople(() => ({ url: server.url, inbox }), sockets);

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    push = await startFakePushService(temp.dir);
    server = await startServerProcess({
      DATA_DIR: dataDir,
      SMTP_URL: inbox.url,
      PUBLIC_URL: 'https://tasks.example.com',
      NODE_EXTRA_CA_CERTS: push.caFile,
      NOTIFIER_POLL_INTERVAL_MS: '100',
      RATE_LIMIT_AUTH: '1000',
    });
    // Development: the server generated its VAPID keys into DATA_DIR ([NT5]); the push service checks requests against it.
    push.setVapidKey(((await api(server.url, 'GET', '/api/push-config')).body as { vapidPublicKey: string }).vapidPublicKey);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.stop('SIGKILL');
    await push?.close();
    await inbox?.close();
    temp.remove();
  });

  const call = (user: RegisteredUser, method: string, route: string, body?: unknown) =>
    api(server.url, method, route, { token: user.accessToken, ...(body === undefined ? {} : { body }) });

  async function subscribe(user: RegisteredUser): Promise<FakeSubscription> {
    const device = push.subscribe();
    expect((await call(user, 'POST', '/api/push-subscriptions', device.toJSON())).status).toBe(201);
    return device;
  }
  const accepted = (device: FakeSubscription) => push.received.filter((got) => got.subscriptionId === device.id && got.status === 201);

  async function pushTask(person: Person, task: StoredTask | ReturnType<typeof makeTask>): Promise<void> {
    expect(data(await person.socket.push({ rows: [{ newDocumentState: task }] })).refused ?? []).toEqual([]);
  }

  it('[AC8] [AC12] deleting an account leaves no row naming its id or address in any table; the others keep theirs and drop its shared list', async () => {
    // Signs up and verifies through the mailed link (registerVerifiedUser), with a connected socket each.
    const leaver = await people.person();
    const member = await people.person();
    const other = await people.person();
    expect((await call(leaver, 'GET', '/api/account')).body.emailVerified).toBe(true);

    // An unspent password-reset link.
    expect((await api(server.url, 'POST', '/api/auth/password-reset', { body: { email: leaver.email } })).status).toBe(202);
    const resetMail = await inbox.next(leaver.email);
    expect(resetMail.subject).toBe('Reset your Tasklane password');
    const resetToken = linkToken(resetMail, 'reset');

    // A second sign-in: two refresh-token families.
    const secondSignIn = await api(server.url, 'POST', '/api/auth/login', { body: { email: leaver.email, password: leaver.password } });
    expect(secondSignIn.status).toBe(200);

    // Two devices subscribed to pushes.
    const devices = [await subscribe(leaver), await subscribe(leaver)];

    // The leaver's list, shared with `member`, with a task reminding soon and one reminding tomorrow (a pending fire).
    const ownList = await people.createList(leaver, 'Leaving soon');
    await people.share(leaver, ownList.id, member, 'editor');
    const ownTask = makeTask({ title: 'Own reminder', listId: ownList.id, reminders: [{ id: 'r1', at: iso(Date.now() + 500) }] });
    await pushTask(leaver, ownTask);
    const laterTask = makeTask({ title: 'Tomorrow', reminders: [{ id: 'r2', at: iso(Date.now() + 86_400_000) }] });
    await pushTask(leaver, laterTask);

    // The leaver is an editor of `other`'s list: one task there is assigned to the leaver and reminds them ([AS6]).
    const otherList = await people.createList(other, 'Kept by other');
    await people.share(other, otherList.id, leaver, 'editor');
    const assigned = makeTask({
      title: 'Assigned to the leaver',
      listId: otherList.id,
      assignee: leaver.id,
      reminders: [{ id: 'r3', at: iso(Date.now() + 500) }],
    });
    await pushTask(other, assigned);
    const leaverWroteThere = makeTask({ title: 'Written by the leaver', listId: otherList.id });
    await pushTask(leaver, leaverWroteThere);
    // A pending invitation to the leaver's address, for another list of `other`'s.
    const pendingList = await people.createList(other, 'Never accepted');
    expect((await call(other, 'POST', `/api/lists/${pendingList.id}/invitations`, { email: leaver.email, role: 'viewer' })).status).toBe(
      201,
    );
    await inbox.next(leaver.email);

    // Both reminders reached both devices: reminder deliveries exist under the leaver's and under `other`'s space.
    await waitFor(() => devices.every((device) => accepted(device).length === 2), 15_000, 'both reminders on both devices');
    const before = textColumnsMentioning(dataDir, [leaver.id, leaver.email]);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([
        'users.id',
        'users.email',
        'refresh_tokens.user_id',
        'account_tokens.user_id',
        'push_subscriptions.user_id',
        'reminder_deliveries.user_id',
        'list_members.owner_id',
        'list_members.user_id',
        'feed.user_id',
        'list_invitations.email',
      ]),
    );
    const subscriptionIds = new Database(path.join(dataDir, 'tasklane.sqlite'), { readonly: true });
    const leaverSubscriptions = subscriptionIds
      .prepare<[string], { id: string; endpoint: string }>('SELECT id, endpoint FROM push_subscriptions WHERE user_id = ?')
      .all(leaver.id);
    subscriptionIds.close();
    expect(leaverSubscriptions).toHaveLength(2);

    // What the member's device and `other`'s device hold before, and where they are.
    const memberListsBefore = await pullFrom(member.socket, 'lists', null);
    const memberTasksBefore = await pullFrom(member.socket, 'tasks', null);
    expect(memberListsBefore.documents.map((list) => list.id)).toContain(ownList.id);
    expect(memberTasksBefore.documents.map((task) => task.id)).toContain(ownTask.id);
    const otherTasksBefore = await pullFrom(other.socket, 'tasks', null);

    const wrong = await call(leaver, 'DELETE', '/api/account', { password: 'not the password' });
    expect(wrong.status).toBe(403);
    expect((await call(leaver, 'DELETE', '/api/account', { password: leaver.password })).status).toBe(204);

    // Nothing of the leaver in any column of any table: not its id, its address, nor its devices' subscriptions.
    expect(textColumnsMentioning(dataDir, [leaver.id, leaver.email])).toEqual({});
    expect(
      textColumnsMentioning(
        dataDir,
        leaverSubscriptions.flatMap((row) => [row.id, row.endpoint]),
      ),
    ).toEqual({});

    // Nothing it held works any more.
    expect(
      (await api(server.url, 'POST', '/api/auth/password-reset/confirm', { body: { token: resetToken, password: 'x'.repeat(12) } })).status,
    ).toBe(401);
    for (const refreshToken of [leaver.refreshToken, secondSignIn.body.refreshToken as string]) {
      expect((await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken } })).status).toBe(401);
    }
    expect((await api(server.url, 'POST', '/api/auth/login', { body: { email: leaver.email, password: leaver.password } })).status).toBe(
      401,
    );

    // The member's device, syncing on from where it was, drops the leaver's list and its tasks; a fresh device never sees them.
    const memberLists = await pullFrom(member.socket, 'lists', memberListsBefore.checkpoint);
    const memberTasks = await pullFrom(member.socket, 'tasks', memberTasksBefore.checkpoint);
    expect(memberLists.documents.find((list) => list.id === ownList.id)?._deleted).toBe(true);
    expect(memberTasks.documents.find((task) => task.id === ownTask.id)?._deleted).toBe(true);
    expect((await heldLists(member.socket)).map((list) => list.id)).not.toContain(ownList.id);
    expect(await heldTasks(member.socket)).toEqual([]);
    expect((await call(member, 'GET', '/api/account')).status).toBe(200);

    // `other` keeps its lists and every task of them, the leaver's writes there included; the assignment is undone ([AS4]).
    const otherTasks = await pullFrom(other.socket, 'tasks', otherTasksBefore.checkpoint);
    const unassigned = otherTasks.documents.find((task) => task.id === assigned.id);
    expect(unassigned).toMatchObject({ assignee: null, _deleted: false });
    expect((await heldTasks(other.socket)).map((task) => task.id).sort()).toEqual([assigned.id, leaverWroteThere.id].sort());
    expect((await heldLists(other.socket)).map((list) => list.id)).toEqual(expect.arrayContaining([otherList.id, pendingList.id]));
    expect((await call(other, 'GET', `/api/lists/${otherList.id}/members`)).body.members).toEqual([
      expect.objectContaining({ userId: other.id, role: 'owner' }),
    ]);
    for (const kept of [member, other]) {
      expect((await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: kept.refreshToken } })).status).toBe(200);
    }
  });
});
