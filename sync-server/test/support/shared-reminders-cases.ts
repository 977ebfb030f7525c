import type { InvitationView } from '@tasklane/shared/domain/sharing-schema';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import type { Notifier } from '../../src/notifier/notifier';
import type { FakeSubscription } from './fake-push-service';
import { notifierHarness, type HarnessStoreOpener } from './notifier-harness';

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

type Person = RegisteredUser & { device: FakeSubscription };

/** docs/protocol.md [AS6]: the reminders of a shared list's task go to its assignee while they may edit it, else to the owner. */
export function describeSharedReminders(title: string, openStore?: HarnessStoreOpener): void {
  describe(title, () => {
    let nowMs: number;
    const harness = notifierHarness('shared-reminders', () => nowMs, openStore);
    let notifier: Notifier;
    beforeEach(() => {
      nowMs = Date.now();
      notifier = harness.notifier();
    });

    const call = (user: RegisteredUser, method: string, path: string, body?: unknown) =>
      api(harness.server.url, method, path, { token: user.accessToken, ...(body === undefined ? {} : { body }) });

    async function person(): Promise<Person> {
      const user = await registerUser(harness.server.url);
      const device = harness.push.subscribe();
      expect((await call(user, 'POST', '/api/push-subscriptions', device.toJSON())).status).toBe(201);
      return { ...user, device };
    }

    /** This server sends no mail, so an address needs no proof to be invited ([SH3]). */
    async function share(owner: Person, listId: string, member: Person, role: 'editor' | 'viewer'): Promise<void> {
      expect((await call(owner, 'POST', `/api/lists/${listId}/invitations`, { email: member.email, role })).status).toBe(201);
      const mine = (await call(member, 'GET', '/api/invitations')).body as { invitations: InvitationView[] };
      const invitation = mine.invitations.find((entry) => entry.listId === listId)!;
      expect((await call(member, 'POST', `/api/invitations/${invitation.id}/accept`)).status).toBe(200);
    }

    /** An owner, an editor and a viewer of one list. */
    async function household() {
      const [owner, editor, viewer] = [await person(), await person(), await person()];
      const list = await call(owner, 'POST', '/api/lists', { name: 'Household' });
      expect(list.status).toBe(201);
      const listId = (list.body as { id: string }).id;
      await share(owner, listId, editor, 'editor');
      await share(owner, listId, viewer, 'viewer');
      return { owner, editor, viewer, listId };
    }

    async function taskDueInAMinute(owner: Person, listId: string, assignee: string | null): Promise<StoredTask> {
      const created = await call(owner, 'POST', '/api/tasks', {
        title: 'Take the bins out',
        listId,
        assignee,
        reminders: [{ id: 'r1', at: iso(nowMs + MINUTE) }],
      });
      expect(created.status).toBe(201);
      return created.body as StoredTask;
    }

    const delivered = (someone: Person) =>
      harness.push.received.filter((received) => received.subscriptionId === someone.device.id && received.status === 201);

    async function fire(): Promise<void> {
      nowMs += MINUTE + 500;
      await notifier.runOnce();
      await notifier.runOnce();
    }

    it('[AS6] a task assigned to an editor reminds the editor alone, whose Done from the notification completes it for everyone', async () => {
      const { owner, editor, viewer, listId } = await household();
      const task = await taskDueInAMinute(owner, listId, editor.id);

      await fire();

      expect(delivered(editor).map((received) => received.payload)).toEqual([
        expect.objectContaining({ taskId: task.id, reminderId: 'r1' }),
      ]);
      expect(delivered(owner)).toEqual([]);
      expect(delivered(viewer)).toEqual([]);
      const { actionToken } = delivered(editor)[0]!.payload as { actionToken: string };
      expect(
        (await api(harness.server.url, 'POST', '/api/reminder-actions', { body: { token: actionToken, action: 'done' } })).status,
      ).toBe(204);
      for (const someone of [owner, editor, viewer]) {
        expect(((await call(someone, 'GET', `/api/tasks/${task.id}`)).body as StoredTask).status).toBe('done');
      }
    });

    it('[AS6] the notification’s Done of an assignee made a viewer since is refused (403) and changes nothing', async () => {
      const { owner, editor, listId } = await household();
      const task = await taskDueInAMinute(owner, listId, editor.id);
      await fire();
      const { actionToken } = delivered(editor)[0]!.payload as { actionToken: string };
      expect((await call(owner, 'PATCH', `/api/lists/${listId}/members/${editor.id}`, { role: 'viewer' })).status).toBe(200);
      const done = await api(harness.server.url, 'POST', '/api/reminder-actions', { body: { token: actionToken, action: 'done' } });
      expect([done.status, (done.body as { error?: { code: string } }).error?.code]).toEqual([403, 'FORBIDDEN']);
      expect(((await call(owner, 'GET', `/api/tasks/${task.id}`)).body as StoredTask).status).toBe('todo');
    });

    it('[AS6] a task assigned to nobody reminds the owner, as before sharing', async () => {
      const { owner, editor, viewer, listId } = await household();
      await taskDueInAMinute(owner, listId, null);

      await fire();

      expect(delivered(owner)).toHaveLength(1);
      expect([...delivered(editor), ...delivered(viewer)]).toEqual([]);
    });

    it('[AS6] an assignee who became a viewer, or left, is not reminded: the owner is', async () => {
      const { owner, editor, listId } = await household();
      await taskDueInAMinute(owner, listId, editor.id);
      expect((await call(owner, 'PATCH', `/api/lists/${listId}/members/${editor.id}`, { role: 'viewer' })).status).toBe(200);

      await fire();
      expect(delivered(editor)).toEqual([]);
      expect(delivered(owner)).toHaveLength(1);

      const { owner: secondOwner, editor: leaver, listId: secondList } = await household();
      await taskDueInAMinute(secondOwner, secondList, leaver.id);
      expect((await call(leaver, 'DELETE', `/api/lists/${secondList}/members/${leaver.id}`)).status).toBe(204);

      await fire();
      expect(delivered(leaver)).toEqual([]);
      expect(delivered(secondOwner)).toHaveLength(1);
    });

    it('[AS6] a fire scheduled for the assignee who then loses the list is cancelled at the claim: nothing of the task reaches them', async () => {
      const { owner, editor, listId } = await household();
      const task = await taskDueInAMinute(owner, listId, editor.id);
      nowMs += MINUTE + 500;
      const [due] = (await harness.store.dueReminderTasks(iso(nowMs), 10)).filter((entry) => entry.task.id === task.id);
      expect(
        await harness.store.scheduleReminderFires(
          due!.userId,
          task.id,
          due!.seq,
          [{ reminderId: 'r1', fireAt: iso(nowMs - 500), state: 'pending' }],
          null,
        ),
      ).toEqual({
        pending: 1,
        dropped: 0,
      });
      expect((await call(owner, 'DELETE', `/api/lists/${listId}/members/${editor.id}`)).status).toBe(204);

      const claimed = await harness.store.claimReminderDeliveries('test-owner', iso(nowMs), iso(nowMs + 30_000), 50);
      expect(claimed.filter((delivery) => delivery.taskId === task.id)).toEqual([]);
      await notifier.runOnce();
      expect(delivered(editor)).toEqual([]);
    });
  });
}
