import { randomUUID } from 'node:crypto';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import type { ExportDocument } from '@tasklane/shared/export/export-document';
import type { RegisteredUser } from '@tasklane/testkit/api-client';
import { waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { data, heldTasks, sharingPeople, sharingServerSuite, type Person } from './support/sharing-people';

const ASSIGNEE_REFUSED = { code: 'INVALID_ASSIGNEE', message: expect.stringMatching(/assignee may not edit its list/) };

/** docs/protocol.md §10 "Assignment" [AS3]–[AS5], [AS7]: real server, sockets, REST and invitations by real SMTP. */
describe('task assignment', () => {
  const sockets: TestSocket[] = [];
  const suite = sharingServerSuite(sockets);
  const people = sharingPeople(() => ({ url: suite.server.url, inbox: suite.inbox }), sockets);

  /** A list of `owner`'s shared with an editor and a viewer. */
  async function team() {
    const [owner, editor, viewer, stranger] = [await people.person(), await people.person(), await people.person(), await people.person()];
    const list = await people.createList(owner, 'Team');
    await people.share(owner, list.id, editor, 'editor');
    await people.share(owner, list.id, viewer, 'viewer');
    return { owner, editor, viewer, stranger, list };
  }

  /** Pushes one task over a socket: its refusals, and the task as its owner's space now holds it. */
  async function push(by: Person, task: Task, assumed?: StoredTask) {
    const answer = data(await by.socket.push({ rows: [{ newDocumentState: task, ...(assumed ? { assumedMasterState: assumed } : {}) }] }));
    expect(answer.conflicts).toEqual([]);
    return answer.refused ?? [];
  }

  const heldBy = async (person: Person, id: string) => (await heldTasks(person.socket)).find((task) => task.id === id);
  const edited = (task: StoredTask, change: Partial<Task>): Task => {
    const { seq: _seq, ...content } = task;
    return { ...content, ...change, updatedAt: new Date().toISOString() };
  };

  it('[AS3] over a socket, a task is assigned to the owner or an editor of its list; a viewer, a stranger or anyone but the owner in the Inbox is refused per row and nothing changes', async () => {
    const { owner, editor, viewer, stranger, list } = await team();
    const task = makeTask({ title: 'Paint the fence', listId: list.id, assignee: editor.id });
    expect(await push(owner, task)).toEqual([]);
    await waitFor(async () => (await heldBy(editor, task.id))?.assignee === editor.id, 5000, 'the editor holds the task assigned to them');
    const stored = (await suite.server.store.getTask(owner.id, task.id))!;
    // an editor may assign the owner, and themselves
    const toOwner = edited((await heldBy(editor, task.id))!, { assignee: owner.id });
    expect(await push(editor, toOwner, await heldBy(editor, task.id))).toEqual([]);
    const toOwnerStored = (await suite.server.store.getTask(owner.id, task.id))!;
    expect(toOwnerStored.assignee).toBe(owner.id);

    const seqBefore = await suite.server.store.highestSeq(owner.id);
    for (const assignee of [viewer.id, stranger.id, randomUUID()]) {
      expect(await push(owner, edited(toOwnerStored, { assignee }), toOwnerStored)).toEqual([{ id: task.id, ...ASSIGNEE_REFUSED }]);
      expect(await push(owner, makeTask({ listId: list.id, assignee }))).toEqual([expect.objectContaining({ code: 'INVALID_ASSIGNEE' })]);
    }
    expect(await suite.server.store.getTask(owner.id, task.id)).toEqual(toOwnerStored);
    expect(await suite.server.store.highestSeq(owner.id)).toBe(seqBefore);
    expect(stored.seq).toBeLessThan(toOwnerStored.seq);

    // the Inbox and a list that is not shared: only their owner
    const own = await people.createList(owner, 'Mine alone');
    for (const listId of ['inbox', own.id]) {
      expect(await push(owner, makeTask({ listId, assignee: editor.id }))).toEqual([expect.objectContaining(ASSIGNEE_REFUSED)]);
      expect(await push(owner, makeTask({ listId, assignee: owner.id }))).toEqual([]);
    }
    // an assignee the task keeps is checked again where it lands: not in a list of the owner's alone; unassigned, it moves
    const kept = makeTask({ title: 'Kept', listId: list.id, assignee: editor.id });
    expect(await push(owner, kept)).toEqual([]);
    const keptStored = (await suite.server.store.getTask(owner.id, kept.id))!;
    expect(await push(owner, edited(keptStored, { listId: own.id }), keptStored)).toEqual([{ id: kept.id, ...ASSIGNEE_REFUSED }]);
    expect(await suite.server.store.getTask(owner.id, kept.id)).toEqual(keptStored);
    expect(await push(owner, edited(keptStored, { listId: own.id, assignee: null }), keptStored)).toEqual([]);
    expect(await suite.server.store.getTask(owner.id, kept.id)).toMatchObject({ listId: own.id, assignee: null });
  });

  it('[AS3] over REST, POST and PATCH /api/tasks answer 400 INVALID_ASSIGNEE for a viewer, a stranger or a removed member and change nothing; an assignee the task already has is never checked again', async () => {
    const { owner, editor, viewer, stranger, list } = await team();
    const created = await people.call(owner, 'POST', '/api/tasks', { title: 'Water plants', listId: list.id, assignee: editor.id });
    expect([created.status, created.body.assignee]).toEqual([201, editor.id]);
    const task = created.body as StoredTask;
    for (const assignee of [viewer.id, stranger.id]) {
      const refused = await people.call(owner, 'POST', '/api/tasks', { title: 'Nope', listId: list.id, assignee });
      expect([refused.status, refused.body.error]).toEqual([400, expect.objectContaining({ code: 'INVALID_ASSIGNEE' })]);
      const patched = await people.call(editor, 'PATCH', `/api/tasks/${task.id}`, { assignee });
      expect([patched.status, patched.body.error]).toEqual([400, expect.objectContaining({ code: 'INVALID_ASSIGNEE' })]);
    }
    expect(await suite.server.store.getTask(owner.id, task.id)).toEqual(task);

    // The editor becomes a viewer: still the assignee, and edits of other fields are not refused for it.
    expect((await people.call(owner, 'PATCH', `/api/lists/${list.id}/members/${editor.id}`, { role: 'viewer' })).status).toBe(200);
    const renamed = await people.call(owner, 'PATCH', `/api/tasks/${task.id}`, { title: 'Water the plants' });
    expect([renamed.status, renamed.body.assignee]).toEqual([200, editor.id]);
    // ...but assigning them again, elsewhere, is
    const other = await people.call(owner, 'POST', '/api/tasks', { title: 'Other', listId: list.id, assignee: editor.id });
    expect(other.body.error).toMatchObject({ code: 'INVALID_ASSIGNEE' });

    // A removed member may not be assigned.
    expect((await people.call(owner, 'DELETE', `/api/lists/${list.id}/members/${viewer.id}`)).status).toBe(204);
    const removed = await people.call(owner, 'PATCH', `/api/tasks/${task.id}`, { assignee: viewer.id });
    expect([removed.status, removed.body.error?.code]).toEqual([400, 'INVALID_ASSIGNEE']);
  });

  it("[AS3] [AS4] a member's device that assigned offline to someone removed meanwhile is refused and nothing changes", async () => {
    const { owner, editor, list } = await team();
    const leaver = await people.person();
    await people.share(owner, list.id, leaver, 'editor');
    const task = makeTask({ title: 'Fix the bike', listId: list.id });
    expect(await push(owner, task)).toEqual([]);
    await waitFor(async () => (await heldBy(editor, task.id)) !== undefined, 5000, 'the editor holds the task');
    const before = (await heldBy(editor, task.id))!;
    // offline, the editor's device assigns the leaver; meanwhile the owner removes them
    const offline = edited(before, { assignee: leaver.id });
    expect((await people.call(owner, 'DELETE', `/api/lists/${list.id}/members/${leaver.id}`)).status).toBe(204);
    const stored = await suite.server.store.getTask(owner.id, task.id);
    expect(await push(editor, offline, before)).toEqual([{ id: task.id, ...ASSIGNEE_REFUSED }]);
    expect(await suite.server.store.getTask(owner.id, task.id)).toEqual(stored);
    expect(stored?.assignee).toBeNull();
    // the same edit to someone still an editor is written
    expect(await push(editor, edited(before, { assignee: editor.id }), before)).toEqual([]);
  });

  it('[AS4] leaving or removal unassigns every task of the list assigned to that member by a write of the owner, never dated before the task’s last change, which the remaining member receives live; again, it changes nothing', async () => {
    const { owner, editor: remaining, list } = await team();
    const [leaver, removed] = [await people.person(), await people.person()];
    await people.share(owner, list.id, leaver, 'editor');
    await people.share(owner, list.id, removed, 'editor');
    const ofLeaver = [makeTask({ title: 'Leaver 1', listId: list.id }), makeTask({ title: 'Leaver 2', listId: list.id })];
    // written on a device whose clock runs two minutes fast: the unassign is never dated before it
    const ahead = new Date(Date.now() + 120_000).toISOString();
    const ofRemoved = makeTask({ title: 'Removed 1', listId: list.id, updatedAt: ahead });
    const ofRemaining = makeTask({ title: 'Remaining 1', listId: list.id });
    for (const task of ofLeaver) expect(await push(leaver, { ...task, assignee: leaver.id })).toEqual([]);
    expect(await push(owner, { ...ofRemoved, assignee: removed.id })).toEqual([]);
    expect(await push(remaining, { ...ofRemaining, assignee: remaining.id })).toEqual([]);
    // the leaver's own task elsewhere keeps its assignee
    const elsewhere = makeTask({ title: 'Leaver own', assignee: leaver.id });
    expect(await push(leaver, elsewhere)).toEqual([]);
    await waitFor(async () => (await heldTasks(remaining.socket)).length === 4, 5000, 'the remaining member holds the four tasks');

    const heard = remaining.socket.changes.length;
    const leftAt = Date.now();
    expect((await people.call(leaver, 'DELETE', `/api/lists/${list.id}/members/${leaver.id}`)).status).toBe(204);
    const unassigned = (id: string) =>
      remaining.socket.changes.slice(heard).some((event) => event.documents.some((doc) => doc.id === id && doc.assignee === null));
    await waitFor(() => ofLeaver.every((task) => unassigned(task.id)), 5000, "the remaining member's device hears both unassigned live");
    for (const task of ofLeaver) {
      const stored = (await suite.server.store.getTask(owner.id, task.id))!;
      expect(stored.assignee).toBeNull();
      expect(Date.parse(stored.updatedAt)).toBeGreaterThanOrEqual(leftAt - 1000);
      expect((await heldBy(remaining, task.id))?.assignee).toBeNull();
    }
    expect((await suite.server.store.getTask(owner.id, ofRemaining.id))?.assignee).toBe(remaining.id);
    expect((await suite.server.store.getTask(leaver.id, elsewhere.id))?.assignee).toBe(leaver.id);

    expect((await people.call(owner, 'DELETE', `/api/lists/${list.id}/members/${removed.id}`)).status).toBe(204);
    await waitFor(() => unassigned(ofRemoved.id), 5000, 'the removal unassigns too');
    expect((await suite.server.store.getTask(owner.id, ofRemoved.id))!.updatedAt > ahead).toBe(true);
    const seq = await suite.server.store.highestSeq(owner.id);
    expect((await people.call(owner, 'DELETE', `/api/lists/${list.id}/members/${removed.id}`)).status).toBe(404);
    expect(await suite.server.store.highestSeq(owner.id)).toBe(seq);
  });

  it('[AS4] a member who deletes their account is unassigned from the tasks of the lists shared with them, live for the others', async () => {
    const { owner, editor: remaining, list } = await team();
    const leaving = await people.person();
    await people.share(owner, list.id, leaving, 'editor');
    const task = makeTask({ title: 'Theirs', listId: list.id, assignee: leaving.id });
    expect(await push(leaving, task)).toEqual([]);
    await waitFor(async () => (await heldBy(remaining, task.id))?.assignee === leaving.id, 5000, 'the remaining member holds it');
    const heard = remaining.socket.changes.length;
    const deleted = await people.call(leaving, 'DELETE', '/api/account', { password: leaving.password });
    expect(deleted.status).toBe(204);
    await waitFor(
      () =>
        remaining.socket.changes.slice(heard).some((event) => event.documents.some((doc) => doc.id === task.id && doc.assignee === null)),
      5000,
      'the remaining member hears it unassigned',
    );
    expect((await suite.server.store.getTask(owner.id, task.id))?.assignee).toBeNull();
  });

  it('[AS5] GET /api/tasks?assignee=me lists the tasks assigned to the caller, their own and of shared lists, with every other filter, view and page; any other value is 400', async () => {
    const { owner, editor, list } = await team();
    const today = new Date().toISOString().slice(0, 10);
    const titles = async (user: RegisteredUser, query: string) => {
      const response = await people.call(user, 'GET', `/api/tasks?assignee=me${query}`);
      expect(response.status).toBe(200);
      return (response.body as { tasks: StoredTask[] }).tasks.map((task) => task.title).sort();
    };
    const post = async (user: RegisteredUser, body: object) =>
      expect((await people.call(user, 'POST', '/api/tasks', body)).status).toBe(201);
    await post(owner, { title: 'shared, for the editor', listId: list.id, assignee: editor.id, due: { date: today } });
    await post(owner, { title: 'shared, done, for the editor', listId: list.id, assignee: editor.id, status: 'done' });
    await post(owner, { title: 'shared, for the owner', listId: list.id, assignee: owner.id });
    await post(owner, { title: 'shared, for nobody', listId: list.id });
    await post(editor, { title: 'own, for the editor', assignee: editor.id });
    await post(editor, { title: 'own, for nobody' });

    expect(await titles(editor, '')).toEqual(['own, for the editor', 'shared, done, for the editor', 'shared, for the editor']);
    expect(await titles(owner, '')).toEqual(['shared, for the owner']);
    expect(await titles(editor, `&listId=${list.id}`)).toEqual(['shared, done, for the editor', 'shared, for the editor']);
    expect(await titles(editor, '&status=done')).toEqual(['shared, done, for the editor']);
    expect(await titles(editor, '&q=own')).toEqual(['own, for the editor']);
    expect(await titles(editor, '&view=today&tz=UTC')).toEqual(['shared, for the editor']);
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await people.call(
        editor,
        'GET',
        `/api/tasks?assignee=me&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      const page = response.body as { tasks: StoredTask[]; nextCursor: string | null };
      pages.push(...page.tasks.map((task) => task.title));
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 10);
    expect(pages.sort()).toEqual(await titles(editor, ''));
    for (const value of [editor.id, 'ME', '', 'anyone']) {
      const refused = await people.call(editor, 'GET', `/api/tasks?assignee=${value}`);
      expect([refused.status, refused.body.error?.code]).toEqual([400, 'INVALID_MESSAGE']);
    }
  });

  it('[AS7] the export carries assignee as stored; an import keeps an assignee who is the importer and reads any other as null', async () => {
    const { owner, editor, list } = await team();
    await people.call(owner, 'POST', '/api/tasks', { title: 'for the editor', listId: list.id, assignee: editor.id });
    await people.call(owner, 'POST', '/api/tasks', { title: 'for the owner', assignee: owner.id });
    const exported = (await people.call(owner, 'GET', '/api/export')).body as ExportDocument;
    const assigneeOf = (tasks: readonly { title: string; assignee: string | null }[]) =>
      Object.fromEntries(tasks.map((task) => [task.title, task.assignee]));
    expect(assigneeOf(exported.tasks)).toEqual({ 'for the editor': editor.id, 'for the owner': owner.id });

    const importer = await people.person();
    const mine = exported.tasks.map((task) => (task.title === 'for the owner' ? { ...task, assignee: importer.id } : task));
    const imported = await people.call(importer, 'POST', '/api/import', { ...exported, tasks: mine });
    expect(imported.status).toBe(200);
    const held = await heldTasks(importer.socket);
    expect(assigneeOf(held)).toEqual({ 'for the editor': null, 'for the owner': importer.id });
  });
});
