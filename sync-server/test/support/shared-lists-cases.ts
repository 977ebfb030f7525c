import type { StoredTask } from '@tasklane/shared/domain/task';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import type { InvitationView, MemberView } from '@tasklane/shared/domain/sharing-schema';
import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { data, heldLists, heldTasks, sharingPeople, sharingServerSuite, type SuiteStoreOpener } from './sharing-people';

/**
 * docs/protocol.md §10 [SH1]–[SH11]: two and three people sharing a list over REST and sockets, invitations by real SMTP,
 * on a server whose store `openStore` opens (a fresh embedded one when absent).
 */
export function describeSharedLists(title: string, openStore?: SuiteStoreOpener): void {
  describe(title, () => {
    const sockets: TestSocket[] = [];
    const suite = sharingServerSuite(sockets, openStore);

    const { person, call, createList, share } = sharingPeople(() => ({ url: suite.server.url, inbox: suite.inbox }), sockets);

    it('[SH3] [SH2] an invitation by e-mail, accepted, delivers the list and all its tasks to the new member through the normal pull; members are listed', async () => {
      const owner = await person();
      const member = await person();
      const list = await createList(owner, 'Groceries');
      for (const title of ['Milk', 'Bread', 'Eggs']) {
        expect((await call(owner, 'POST', '/api/tasks', { title, listId: list.id })).status).toBe(201);
      }
      expect((await call(owner, 'POST', '/api/tasks', { title: 'My own thing' })).status).toBe(201);
      const before = member.socket.allChanges.length;

      await share(owner, list.id, member, 'editor');

      // live: the member's socket hears of the list at once
      await waitFor(() => member.socket.allChanges.length > before, 5000, 'changes for the new member');
      expect((await heldTasks(member.socket)).map((task) => task.title).sort()).toEqual(['Bread', 'Eggs', 'Milk']);
      expect((await heldLists(member.socket)).map((entry) => entry.name)).toContain('Groceries');
      const members = (await call(member, 'GET', `/api/lists/${list.id}/members`)).body as { members: MemberView[] };
      expect(members.members.map(({ email, role }) => ({ email, role }))).toEqual([
        { email: owner.email, role: 'owner' },
        { email: member.email, role: 'editor' },
      ]);
      // the invitation is spent
      expect(((await call(member, 'GET', '/api/invitations')).body as { invitations: unknown[] }).invitations).toEqual([]);
    });

    it('[SH1] REST listing, search, list filter, the lists listing and the export show a member the shared list and its tasks, and a stranger none of it', async () => {
      const owner = await person();
      const member = await person();
      const stranger = await person();
      const list = await createList(owner, 'Trip');
      const today = new Date().toISOString().slice(0, 10);
      expect((await call(owner, 'POST', '/api/tasks', { title: 'Book the ferry', listId: list.id, due: { date: today } })).status).toBe(
        201,
      );
      expect((await call(owner, 'POST', '/api/tasks', { title: 'Owner private ferry' })).status).toBe(201);
      expect((await call(member, 'POST', '/api/tasks', { title: 'Member own task' })).status).toBe(201);
      await share(owner, list.id, member, 'viewer');
      const titles = async (user: RegisteredUser, query = '') =>
        ((await call(user, 'GET', `/api/tasks${query}`)).body as { tasks: StoredTask[] }).tasks.map((task) => task.title).sort();
      expect(await titles(member)).toEqual(['Book the ferry', 'Member own task']);
      expect(await titles(member, '?q=ferry')).toEqual(['Book the ferry']);
      expect(await titles(member, `?listId=${list.id}`)).toEqual(['Book the ferry']);
      expect(await titles(member, '?limit=1')).toHaveLength(1);
      expect(await titles(stranger, '?q=ferry')).toEqual([]);
      const lists = ((await call(member, 'GET', '/api/lists')).body as { lists: StoredTaskList[] }).lists.map((entry) => entry.name);
      expect(lists).toContain('Trip');
      expect(
        ((await call(stranger, 'GET', '/api/lists')).body as { lists: StoredTaskList[] }).lists.map((entry) => entry.name),
      ).not.toContain('Trip');
      const exported = (await call(member, 'GET', '/api/export')).body as { tasks: StoredTask[] };
      expect(exported.tasks.map((task) => task.title).sort()).toEqual(['Book the ferry', 'Member own task']);
      const strangerExport = (await call(stranger, 'GET', '/api/export')).body as { tasks: StoredTask[] };
      expect(strangerExport.tasks).toEqual([]);
    });

    it('[SH13] GET /api/memberships tells each person the shared lists they hold and their role on each, and nothing of other lists', async () => {
      const owner = await person();
      const member = await person();
      const stranger = await person();
      const list = await createList(owner, 'Shared one');
      await createList(owner, 'Private one');
      await share(owner, list.id, member, 'viewer');
      const of = async (user: RegisteredUser) => ((await call(user, 'GET', '/api/memberships')).body as { lists: unknown[] }).lists;
      expect(await of(owner)).toEqual([{ listId: list.id, role: 'owner', ownerEmail: owner.email, members: 1 }]);
      expect(await of(member)).toEqual([{ listId: list.id, role: 'viewer', ownerEmail: owner.email, members: 1 }]);
      expect(await of(stranger)).toEqual([]);
    });

    it("[SH6] an editor's write reaches the owner live and through the pull; a viewer's write is refused per row with FORBIDDEN and changes nothing ([SH4])", async () => {
      const owner = await person();
      const editor = await person();
      const viewer = await person();
      const list = await createList(owner, 'Household');
      await share(owner, list.id, editor, 'editor');
      await share(owner, list.id, viewer, 'viewer');
      const task = makeTask({ title: 'Fix the tap', listId: list.id });
      expect(data(await editor.socket.push({ rows: [{ newDocumentState: task }] }))).toEqual({ conflicts: [] });
      await waitFor(() => owner.socket.changes.some((event) => event.documents.some((doc) => doc.id === task.id)), 5000, 'owner hears');
      await waitFor(() => viewer.socket.changes.some((event) => event.documents.some((doc) => doc.id === task.id)), 5000, 'viewer hears');
      expect((await heldTasks(owner.socket)).map((t) => t.title)).toContain('Fix the tap');

      const [asViewerHolds] = (await heldTasks(viewer.socket)).filter((t) => t.id === task.id);
      expect(asViewerHolds).toBeDefined();
      const answer = data(
        await viewer.socket.push({
          rows: [
            {
              newDocumentState: { ...asViewerHolds!, title: 'Viewer was here', updatedAt: new Date().toISOString() },
              assumedMasterState: asViewerHolds,
            },
          ],
        }),
      );
      expect(answer.refused).toEqual([{ id: task.id, code: 'FORBIDDEN', message: expect.stringMatching(/no access/) as unknown }]);
      expect((await suite.server.store.getTask(owner.id, task.id))?.title).toBe('Fix the tap');
      // a viewer cannot add a task to the list either, nor change the list itself; an editor cannot change the list
      const sneaky = makeTask({ title: 'Sneaky', listId: list.id });
      expect(data(await viewer.socket.push({ rows: [{ newDocumentState: sneaky }] })).refused?.[0]?.code).toBe('FORBIDDEN');
      const [editorList] = (await heldLists(editor.socket)).filter((l) => l.id === list.id);
      const renamed = { ...editorList!, name: 'Mine now', updatedAt: new Date().toISOString() };
      expect(
        data(await editor.socket.pushLists({ rows: [{ newDocumentState: renamed, assumedMasterState: editorList }] })).refused?.[0]?.code,
      ).toBe('FORBIDDEN');
      expect((await suite.server.store.getList(owner.id, list.id))?.name).toBe('Household');
      expect((await call(viewer, 'PATCH', `/api/tasks/${task.id}`, { title: 'Over REST' })).status).toBe(403);
    });

    it('[SH5] removal and leaving: every device of that user drops the list and its tasks on its next sync (live when connected), and later pulls, pushes and REST reads of it are refused', async () => {
      const owner = await person();
      const member = await person();
      const leaver = await person();
      const list = await createList(owner, 'Project');
      const task = makeTask({ title: 'Plan', listId: list.id });
      expect(data(await owner.socket.push({ rows: [{ newDocumentState: task }] }))).toEqual({ conflicts: [] });
      await share(owner, list.id, member, 'editor');
      await share(owner, list.id, leaver, 'viewer');
      expect((await heldTasks(member.socket)).map((t) => t.id)).toEqual([task.id]);
      const [memberHolds] = await heldTasks(member.socket);
      const heard = member.socket.allChanges.length;

      expect((await call(owner, 'DELETE', `/api/lists/${list.id}/members/${member.id}`)).status).toBe(204);
      expect((await call(leaver, 'DELETE', `/api/lists/${list.id}/members/${leaver.id}`)).status).toBe(204);

      await waitFor(() => member.socket.allChanges.length > heard, 5000, 'the removed member hears');
      expect(await heldTasks(member.socket)).toEqual([]);
      expect((await heldLists(member.socket)).map((l) => l.id)).not.toContain(list.id);
      expect(await heldTasks(leaver.socket)).toEqual([]);
      // a late edit of the removed member is refused and changes nothing
      const late = data(
        await member.socket.push({
          rows: [
            {
              newDocumentState: { ...memberHolds!, title: 'Late edit', updatedAt: new Date().toISOString() },
              assumedMasterState: memberHolds,
            },
          ],
        }),
      );
      expect(late.refused?.[0]?.code).toBe('FORBIDDEN');
      expect((await suite.server.store.getTask(owner.id, task.id))?.title).toBe('Plan');
      // REST: the list and its task are "not found", the members too
      expect((await call(member, 'GET', `/api/tasks/${task.id}`)).status).toBe(404);
      expect((await call(member, 'GET', `/api/lists/${list.id}/members`)).status).toBe(404);
      // and the owner still has everything
      expect((await heldTasks(owner.socket)).map((t) => t.title)).toEqual(['Plan']);
    });

    it('[SH5] an owner who deletes their account takes their shared lists away from every member, live; a member who deletes theirs leaves the lists they were in', async () => {
      const owner = await person();
      const member = await person();
      const list = await createList(owner, 'Going away');
      expect((await call(owner, 'POST', '/api/tasks', { title: 'Last task', listId: list.id })).status).toBe(201);
      await share(owner, list.id, member, 'editor');
      expect((await heldTasks(member.socket)).map((task) => task.title)).toEqual(['Last task']);
      const heard = member.socket.allChanges.length;
      expect((await call(owner, 'DELETE', '/api/account', { password: owner.password })).status).toBe(204);
      await waitFor(() => member.socket.allChanges.length > heard, 5000, 'the member hears of the deletion');
      expect(await heldTasks(member.socket)).toEqual([]);
      expect((await heldLists(member.socket)).map((entry) => entry.id)).not.toContain(list.id);

      const second = await person();
      const leaving = await person();
      const kept = await createList(second, 'Stays');
      await share(second, kept.id, leaving, 'viewer');
      expect((await call(leaving, 'DELETE', '/api/account', { password: leaving.password })).status).toBe(204);
      const members = ((await call(second, 'GET', `/api/lists/${kept.id}/members`)).body as { members: MemberView[] }).members;
      expect(members.map((entry) => entry.email)).toEqual([second.email]);
    });

    it('[SH2] only the owner manages members and invitations; strangers get 404 for the list; the Inbox is never shared; the owner cannot leave', async () => {
      const owner = await person();
      const member = await person();
      const stranger = await person();
      const list = await createList(owner, 'Team');
      await share(owner, list.id, member, 'editor');
      expect((await call(stranger, 'GET', `/api/lists/${list.id}/members`)).status).toBe(404);
      expect((await call(stranger, 'POST', `/api/lists/${list.id}/invitations`, { email: 'x@example.com', role: 'editor' })).status).toBe(
        404,
      );
      expect((await call(member, 'POST', `/api/lists/${list.id}/invitations`, { email: 'x@example.com', role: 'editor' })).status).toBe(
        403,
      );
      expect((await call(member, 'PATCH', `/api/lists/${list.id}/members/${member.id}`, { role: 'viewer' })).status).toBe(403);
      expect((await call(owner, 'POST', '/api/lists/inbox/invitations', { email: stranger.email, role: 'viewer' })).status).toBe(403);
      expect((await call(owner, 'DELETE', `/api/lists/${list.id}/members/${owner.id}`)).status).toBe(409);
      expect((await call(owner, 'POST', `/api/lists/${list.id}/invitations`, { email: member.email, role: 'viewer' })).status).toBe(409);
      // bad input changes nothing
      for (const body of [
        { email: 'not an address', role: 'editor' },
        { email: stranger.email, role: 'owner' },
        { email: stranger.email },
      ]) {
        const answer = await call(owner, 'POST', `/api/lists/${list.id}/invitations`, body);
        expect(answer.status).toBe(400);
        expect((answer.body as { error: { code: string } }).error.code).toBe('INVALID_MESSAGE');
      }
      // someone else's invitation cannot be accepted or declined
      const invited = await call(owner, 'POST', `/api/lists/${list.id}/invitations`, { email: 'someone-else@example.com', role: 'viewer' });
      expect(invited.status).toBe(201);
      const id = (invited.body as InvitationView).id;
      expect((await call(stranger, 'POST', `/api/invitations/${id}/accept`)).status).toBe(404);
      expect((await call(stranger, 'POST', `/api/invitations/${id}/decline`)).status).toBe(404);
      const heard = member.socket.listChanges.length;
      expect((await call(owner, 'PATCH', `/api/lists/${list.id}/members/${member.id}`, { role: 'viewer' })).status).toBe(200);
      expect((await suite.server.store.listAccess(member.id, list.id))?.role).toBe('viewer');
      // [SH13] the member's devices hear of it: the list comes again, so they read their memberships anew
      await waitFor(() => member.socket.listChanges.length > heard, 5000, 'a lists change for the new role');
      // a member may neither rename nor delete the list, and a refused delete moves none of its tasks
      expect((await call(owner, 'POST', '/api/tasks', { title: 'Stays put', listId: list.id })).status).toBe(201);
      expect((await call(member, 'PATCH', `/api/lists/${list.id}`, { name: 'Mine' })).status).toBe(403);
      for (const tasks of ['move-to-inbox', 'delete']) {
        expect((await call(member, 'DELETE', `/api/lists/${list.id}?tasks=${tasks}`)).status).toBe(403);
      }
      const kept = (await call(owner, 'GET', `/api/tasks?listId=${list.id}`)).body as { tasks: StoredTask[] };
      expect(kept.tasks.map((task) => task.title)).toEqual(['Stays put']);
    });

    it('[SH3] an unverified address cannot accept an invitation where this server can verify addresses', async () => {
      const owner = await person();
      const unverified = await registerUser(suite.server.url);
      await suite.inbox.next(unverified.email); // its verification mail, not used
      const list = await createList(owner, 'Secret plans');
      const invited = await call(owner, 'POST', `/api/lists/${list.id}/invitations`, { email: unverified.email, role: 'editor' });
      expect(invited.status).toBe(201);
      await suite.inbox.next(unverified.email);
      const accept = await call(unverified, 'POST', `/api/invitations/${(invited.body as InvitationView).id}/accept`);
      expect(accept.status).toBe(403);
      expect(await suite.server.store.listAccess(unverified.id, list.id)).toBeNull();
    });

    it('[SH10] the owner hands the list to a member: it and its tasks move to the new owner, the former owner stays as an editor, the others keep it', async () => {
      const owner = await person();
      const heir = await person();
      const other = await person();
      const list = await createList(owner, 'Family');
      const task = makeTask({ title: 'Birthday', listId: list.id });
      expect(data(await owner.socket.push({ rows: [{ newDocumentState: task }] }))).toEqual({ conflicts: [] });
      await share(owner, list.id, heir, 'editor');
      await share(owner, list.id, other, 'viewer');

      const moved = await call(owner, 'POST', `/api/lists/${list.id}/owner`, { userId: heir.id });
      expect(moved.status).toBe(200);
      expect((moved.body as { members: MemberView[] }).members.map(({ email, role }) => ({ email, role }))).toEqual([
        { email: heir.email, role: 'owner' },
        { email: other.email, role: 'viewer' },
        { email: owner.email, role: 'editor' },
      ]);
      for (const socket of [owner.socket, heir.socket, other.socket])
        expect((await heldTasks(socket)).map((t) => t.title)).toEqual(['Birthday']);
      expect((await suite.server.store.listAccess(heir.id, list.id))?.role).toBe('owner');
      expect((await suite.server.store.listAccess(owner.id, list.id))?.role).toBe('editor');
      // the new owner may rename it now, the former may not
      const [heirList] = (await heldLists(heir.socket)).filter((l) => l.id === list.id);
      const renamed = { ...heirList!, name: 'Family (new)', updatedAt: new Date().toISOString() };
      expect(data(await heir.socket.pushLists({ rows: [{ newDocumentState: renamed, assumedMasterState: heirList }] }))).toEqual({
        conflicts: [],
      });
      await waitFor(async () => (await heldLists(other.socket)).some((l) => l.name === 'Family (new)'), 5000, 'others see the rename');
    });

    it('[SH11] a write that would give a member two documents with one id is refused with CONFLICT, and joining a list whose ids the member already holds is refused', async () => {
      const owner = await person();
      const member = await person();
      const list = await createList(owner, 'Shared');
      await share(owner, list.id, member, 'editor');
      // the member holds a task of their own; the owner puts a task with the same id into the shared list
      const mine = makeTask({ title: 'Member private' });
      expect(data(await member.socket.push({ rows: [{ newDocumentState: mine }] }))).toEqual({ conflicts: [] });
      const clash = { ...mine, title: 'Owner copy', listId: list.id };
      const answer = data(await owner.socket.push({ rows: [{ newDocumentState: clash }] }));
      expect(answer.refused?.[0]?.code).toBe('CONFLICT');
      expect(await suite.server.store.getTask(owner.id, mine.id)).toBeNull();
      expect((await suite.server.store.getTask(member.id, mine.id))?.title).toBe('Member private');

      // a second list holds a task whose id a would-be member holds: the join is refused, nothing shared
      const second = await createList(owner, 'Second');
      const other = await person();
      const theirs = makeTask({ title: 'Theirs' });
      expect(data(await other.socket.push({ rows: [{ newDocumentState: theirs }] }))).toEqual({ conflicts: [] });
      expect(data(await owner.socket.push({ rows: [{ newDocumentState: { ...theirs, title: 'Same id', listId: second.id } }] }))).toEqual({
        conflicts: [],
      });
      const invited = await call(owner, 'POST', `/api/lists/${second.id}/invitations`, { email: other.email, role: 'viewer' });
      await suite.inbox.next(other.email);
      expect((await call(other, 'POST', `/api/invitations/${(invited.body as InvitationView).id}/accept`)).status).toBe(409);
      expect(await suite.server.store.listAccess(other.id, second.id)).toBeNull();
      expect((await heldTasks(other.socket)).map((t) => t.title)).toEqual(['Theirs']);
    });

    it("[SH4] [SH7] a task moved out of a shared list into the editor's own list (named by the seq under which the editor holds it) leaves every other member's devices, and moving it back brings it again", async () => {
      const owner = await person();
      const editor = await person();
      const list = await createList(owner, 'Chores');
      const task = makeTask({ title: 'Hoover', listId: list.id });
      expect(data(await owner.socket.push({ rows: [{ newDocumentState: task }] }))).toEqual({ conflicts: [] });
      await share(owner, list.id, editor, 'editor');
      const own = makeList({ name: 'Editor private' });
      expect(data(await editor.socket.pushLists({ rows: [{ newDocumentState: own }] }))).toEqual({ conflicts: [] });
      const [holds] = await heldTasks(editor.socket);
      const out = { ...holds!, listId: own.id, updatedAt: new Date().toISOString() };
      expect(data(await editor.socket.push({ rows: [{ newDocumentState: out, assumedMasterState: holds }] }))).toEqual({ conflicts: [] });
      expect(await heldTasks(owner.socket)).toEqual([]);
      expect(await suite.server.store.getTask(owner.id, task.id)).toBeNull();
      expect((await heldTasks(editor.socket)).map((t) => t.listId)).toEqual([own.id]);

      const [again] = await heldTasks(editor.socket);
      const back = { ...again!, listId: list.id, updatedAt: new Date(Date.now() + 1).toISOString() };
      expect(data(await editor.socket.push({ rows: [{ newDocumentState: back, assumedMasterState: again }] }))).toEqual({ conflicts: [] });
      expect((await heldTasks(owner.socket)).map((t) => t.title)).toEqual(['Hoover']);
    });
  });
}
