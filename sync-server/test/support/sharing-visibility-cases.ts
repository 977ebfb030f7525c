import fc from 'fast-check';
import { MEMBER_ROLES, type MemberRole } from '@tasklane/shared/domain/list-sharing';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID, type StoredTaskList } from '@tasklane/shared/domain/task-list';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import type { Store } from '../../src/store/store';
import { createSharingModel, type ListContent, type ModelWrite, type SharingModel, type TaskContent } from './sharing-model';

const USERS = ['ada', 'ben', 'cy'] as const;
type UserId = (typeof USERS)[number];
/** Small pages, so that a sync crosses page boundaries. */
const PAGE = 3;
const BASE_MS = Date.parse('2026-03-01T00:00:00.000Z');
const at = (step: number) => new Date(BASE_MS + step * 1000).toISOString();

type Actor = 0 | 1 | 2;
type Step =
  | { kind: 'idle' }
  | { kind: 'createList'; actor: Actor; pending: boolean }
  | { kind: 'createTask'; actor: Actor; into: 'inbox' | 'seen' | 'pending' | 'unseen'; pick: number }
  | { kind: 'editTask'; actor: Actor; pick: number; change: 'title' | 'move' | 'delete'; to: number }
  | { kind: 'editList'; actor: Actor; pick: number; remove: boolean }
  | { kind: 'putMember'; actor: Actor; pick: number; other: number; role: MemberRole }
  | { kind: 'removeMember'; actor: Actor; pick: number; other: number }
  | { kind: 'leave'; actor: Actor; pick: number }
  | { kind: 'transfer'; actor: Actor; pick: number; other: number }
  | { kind: 'sync'; actor: Actor };

const actor = fc.constantFrom<Actor>(0, 1, 2);
const pick = fc.nat(20);
const other = fc.nat(2);
const step = <K extends Step['kind'], R>(kind: K, fields: { [F in keyof R]: fc.Arbitrary<R[F]> }) =>
  fc.record({ kind: fc.constant(kind), actor, ...fields });
// `idle` first: a failing sequence shrinks towards steps that do nothing, and the trace of a failure leaves them out.
const stepArbitrary = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'idle' as const }) },
  { weight: 2, arbitrary: step('createList', { pending: fc.boolean() }) },
  { weight: 3, arbitrary: step('createTask', { into: fc.constantFrom('inbox', 'seen', 'seen', 'pending', 'unseen'), pick }) },
  { weight: 4, arbitrary: step('editTask', { pick, change: fc.constantFrom('title', 'move', 'delete'), to: pick }) },
  { weight: 1, arbitrary: step('editList', { pick, remove: fc.boolean() }) },
  { weight: 3, arbitrary: step('putMember', { pick, other, role: fc.constantFrom(...MEMBER_ROLES) }) },
  { weight: 1, arbitrary: step('removeMember', { pick, other }) },
  { weight: 1, arbitrary: step('leave', { pick }) },
  { weight: 1, arbitrary: step('transfer', { pick, other }) },
  { weight: 4, arbitrary: step('sync', {}) },
) as fc.Arbitrary<Step>;

/** A device of one user: the live documents it holds and a checkpoint per collection. */
type Device = { tasks: Map<string, StoredTask>; lists: Map<string, StoredTaskList>; taskSeq: number; listSeq: number };
const newDevice = (): Device => ({ tasks: new Map(), lists: new Map(), taskSeq: 0, listSeq: 0 });

const withoutSeq = <D extends { seq?: number }>({ seq: _seq, ...content }: D) => content;
const choose = <T>(items: readonly T[], index: number): T | undefined => items[index % Math.max(items.length, 1)];
const otherUser = (of: Actor, offset: number): UserId => USERS[(of + 1 + offset) % USERS.length]!;
/** Mostly one of the list's members (when it has any), sometimes any other user, member or not. */
const someMember = (model: SharingModel, listId: string, of: Actor, offset: number) =>
  (offset < 2 ? choose(model.memberIds(listId), offset) : undefined) ?? otherUser(of, offset);

/** A fresh, empty store of the kind under test, and how to close and remove it. */
export type SharingStoreFactory = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

/** How hard the property test tries: a store whose every operation is a network round trip runs fewer sequences. */
export type SharingVisibilityOptions = { numRuns: number; timeLimitMs: number };

async function createStoreWithUsers(openStore: SharingStoreFactory) {
  const { store, cleanup } = await openStore();
  try {
    for (const id of USERS) await store.createUser({ id, email: `${id}@example.test`, passwordHash: 'not-a-hash', createdAt: at(0) });
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { store, remove: cleanup };
}

/** Everything "changes nothing" compares: what each user reads of these ids, and each user's highest seq. */
async function snapshot(store: Store, taskIds: readonly string[], listIds: readonly string[]) {
  return Promise.all(
    USERS.map(async (userId) => ({
      userId,
      highestSeq: await store.highestSeq(userId),
      tasks: await store.getTasks(userId, taskIds),
      lists: await store.getLists(userId, listIds),
    })),
  );
}

/** The store's reads by id agree with the model: each user gets exactly the documents (tombstones too) the model lets them see. */
async function expectReadsMatch(store: Store, model: SharingModel, taskIds: readonly string[], listIds: readonly string[]) {
  for (const userId of USERS) {
    for (const id of taskIds) {
      const task = await store.getTask(userId, id);
      expect({ userId, id, task: task && withoutSeq(task) }).toEqual({ userId, id, task: model.visibleTask(userId, id) });
    }
    for (const id of listIds) {
      const list = await store.getList(userId, id);
      expect({ userId, id, list: list && withoutSeq(list) }).toEqual({ userId, id, list: model.visibleList(userId, id) });
    }
  }
}

/** Pulls one collection until empty, applying each page (a tombstone deletes); checks each live document as it arrives. */
async function pullAll<D extends { id: string; seq: number; _deleted: boolean }>(
  device: { checkpoint: number; held: Map<string, D> },
  pull: (afterSeq: number) => Promise<D[]>,
  onLive: (doc: D) => void,
): Promise<number> {
  let checkpoint = device.checkpoint;
  for (let page = await pull(checkpoint); page.length > 0; page = await pull(checkpoint)) {
    for (const doc of page) {
      expect(doc.seq).toBeGreaterThan(checkpoint);
      checkpoint = doc.seq;
      if (doc._deleted) device.held.delete(doc.id);
      else {
        onLive(doc);
        device.held.set(doc.id, doc);
      }
    }
  }
  return checkpoint;
}

async function syncDevice(store: Store, model: SharingModel, userId: string, device: Device) {
  // 1. No leak: nothing live arrives that the user may not see now, nor in another state than the model's.
  device.taskSeq = await pullAll(
    { checkpoint: device.taskSeq, held: device.tasks },
    (after) => store.pullChanges(userId, after, PAGE),
    (task) => expect({ userId, received: withoutSeq(task) }).toEqual({ userId, received: model.visibleTask(userId, task.id) }),
  );
  device.listSeq = await pullAll(
    { checkpoint: device.listSeq, held: device.lists },
    (after) => store.pullListChanges(userId, after, PAGE),
    (list) => expect({ userId, received: withoutSeq(list) }).toEqual({ userId, received: model.visibleList(userId, list.id) }),
  );
  // 2. Nothing missed: caught up, the device holds exactly what its user may see now.
  const live = <D extends { seq: number }>(held: Map<string, D>) => Object.fromEntries([...held].map(([id, doc]) => [id, withoutSeq(doc)]));
  expect({ userId, tasks: live(device.tasks) }).toEqual({ userId, tasks: model.visibleLiveTasks(userId) });
  expect({ userId, lists: live(device.lists) }).toEqual({ userId, lists: model.visibleLiveLists(userId) });
  // 3. REST reads follow the same rule: the listings, a few documents a page, hold each document the device holds, once,
  // under the seq the device holds it by.
  const listedTasks = await everyPage(async (cursor) => {
    const page = await store.listTasks(userId, { limit: PAGE, ...(cursor === undefined ? {} : { cursor }) });
    return { items: page.tasks, nextCursor: page.nextCursor };
  });
  const listedLists = await everyPage(async (cursor) => {
    const page = await store.listLists(userId, { limit: PAGE, ...(cursor === undefined ? {} : { cursor }) });
    return { items: page.lists, nextCursor: page.nextCursor };
  });
  const byId = <D extends { id: string }>(docs: Iterable<D>) => [...docs].sort((a, b) => a.id.localeCompare(b.id));
  expect({ userId, listedTasks: byId(listedTasks) }).toEqual({ userId, listedTasks: byId(device.tasks.values()) });
  expect({ userId, listedLists: byId(listedLists) }).toEqual({ userId, listedLists: byId(device.lists.values()) });
}

/** Every page of a listing, each from the previous one's cursor. */
async function everyPage<D>(read: (cursor?: string) => Promise<{ items: D[]; nextCursor: string | null }>, pageSize = PAGE): Promise<D[]> {
  const items: D[] = [];
  let cursor: string | undefined;
  for (let page = 0; ; page += 1) {
    const answer = await read(cursor);
    items.push(...answer.items);
    if (answer.nextCursor === null) return items;
    expect({ page, pageLength: answer.items.length }).toEqual({ page, pageLength: pageSize });
    cursor = answer.nextCursor;
  }
}

/** One run: a fresh store, three users with a device each, the steps, then every device synced to the end. */
async function runSteps(openStore: SharingStoreFactory, steps: readonly Step[]): Promise<void> {
  const { store, remove } = await createStoreWithUsers(openStore);
  const model = createSharingModel();
  const devices = new Map(USERS.map((userId) => [userId, newDevice()]));
  const pending = new Map(USERS.map((userId) => [userId, [] as string[]]));
  const highest = new Map(USERS.map((userId) => [userId, 0]));
  const trace: string[] = [];
  let next = 0;

  /** One row, decided by the model first: written as pushed where allowed; otherwise refused, and nothing changed (3.). */
  async function push(userId: UserId, doc: { kind: 'task'; doc: TaskContent } | { kind: 'list'; doc: ListContent }, expected: ModelWrite) {
    const { id, _deleted } = doc.doc;
    trace.push(`${userId} writes ${doc.kind} ${id}${doc.kind === 'task' ? ` in ${doc.doc.listId}` : ''}${_deleted ? ' (deleted)' : ''}`);
    const ids: [string[], string[]] = doc.kind === 'task' ? [[id], []] : [[], [id]];
    const before = await snapshot(store, ...ids);
    const device = devices.get(userId)!;
    // The revision the user holds now, or, for a document they may no longer see, the one their device still has.
    const outcome =
      doc.kind === 'task'
        ? await store.applyPush(userId, [
            { newDocumentState: doc.doc, assumedMasterState: (await store.getTask(userId, id)) ?? device.tasks.get(id) },
          ])
        : await store.applyListPush(userId, [
            { newDocumentState: doc.doc, assumedMasterState: (await store.getList(userId, id)) ?? device.lists.get(id) },
          ]);
    const seen = { userId, id, denied: outcome.denied, conflicts: outcome.conflicts, written: outcome.written.map(withoutSeq) };
    if (expected === 'FORBIDDEN') {
      expect(seen).toEqual({ userId, id, denied: [{ id, code: 'FORBIDDEN' }], conflicts: [], written: [] });
      expect(await snapshot(store, ...ids)).toEqual(before);
      return;
    }
    expect(seen).toEqual({ userId, id, denied: undefined, conflicts: [], written: [doc.doc] });
    if (doc.kind === 'task') model.putTask(expected.space, doc.doc);
    else model.putList(expected.space, doc.doc);
    await expectReadsMatch(store, model, ...ids);
  }

  /** A membership change: `changed` as the model says; when nothing changed, nobody's documents or seqs moved. */
  async function membership(
    what: string,
    change: () => Promise<{ changed: boolean }>,
    expected: () => boolean | 'CONFLICT',
    listId: string,
  ) {
    trace.push(what);
    const before = await snapshot(store, model.taskIds(), [listId]);
    const outcome = await change().catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 'CONFLICT') return { changed: 'CONFLICT' as const };
      throw error;
    });
    expect({ what, changed: outcome.changed }).toEqual({ what, changed: expected() });
    if (outcome.changed === 'CONFLICT') {
      expect(await snapshot(store, model.taskIds(), [listId])).toEqual(before);
      return;
    }
    if (!outcome.changed) expect(await snapshot(store, model.taskIds(), [listId])).toEqual(before);
    await expectReadsMatch(store, model, model.taskIds(), [listId]);
  }

  async function run(index: number, step: Exclude<Step, { kind: 'idle' }>) {
    const userId = USERS[step.actor];
    const device = devices.get(userId)!;
    const now = at(index + 1);
    const seenLists = model.listIds().filter((id) => model.seesList(userId, id));
    const ownedLists = seenLists.filter((id) => model.roleOn(userId, id) === 'owner');
    const unseenLists = model.listIds().filter((id) => !model.seesList(userId, id));
    switch (step.kind) {
      case 'createList': {
        // A pending id: the list of a task this user wrote before it ([LS3]).
        const id = (step.pending ? pending.get(userId)!.shift() : undefined) ?? `l${(next += 1)}`;
        const list = makeList({ id, name: `list ${id} of ${userId}`, createdAt: now, updatedAt: now });
        return push(userId, { kind: 'list', doc: list }, model.listWrite(userId, list));
      }
      case 'createTask': {
        const listId = {
          inbox: () => INBOX_LIST_ID,
          seen: () => choose(seenLists, step.pick),
          unseen: () => choose(unseenLists, step.pick),
          pending: () => {
            const id = `p${(next += 1)}`;
            pending.get(userId)!.push(id);
            return id;
          },
        }[step.into]();
        if (listId === undefined) return;
        const task = makeTask({ id: `t${(next += 1)}`, title: `task of ${userId}`, listId, createdAt: now, updatedAt: now });
        return push(userId, { kind: 'task', doc: task }, model.taskWrite(userId, task));
      }
      case 'editTask': {
        // What the user sees, and what their device still holds (maybe no longer theirs to see).
        const ids = [...new Set([...model.taskIds().filter((id) => model.visibleTask(userId, id)), ...device.tasks.keys()])].sort();
        const id = choose(ids, step.pick);
        if (id === undefined) return;
        const task = { ...(model.visibleTask(userId, id) ?? withoutSeq(device.tasks.get(id)!)), updatedAt: now };
        if (step.change === 'title') task.title = `edited by ${userId} at ${index}`;
        if (step.change === 'delete') task._deleted = true;
        if (step.change === 'move') task.listId = choose([INBOX_LIST_ID, ...seenLists, ...unseenLists], step.to)!;
        return push(userId, { kind: 'task', doc: task }, model.taskWrite(userId, task));
      }
      case 'editList': {
        const id = choose([...new Set([...seenLists, ...device.lists.keys()])].sort(), step.pick);
        if (id === undefined) return;
        const base = model.visibleList(userId, id) ?? withoutSeq(device.lists.get(id)!);
        const list = { ...base, name: `renamed by ${userId} at ${index}`, _deleted: step.remove, updatedAt: now };
        return push(userId, { kind: 'list', doc: list }, model.listWrite(userId, list));
      }
      case 'putMember': {
        const listId = choose(ownedLists, step.pick);
        const member = otherUser(step.actor, step.other % 2);
        if (listId === undefined) return;
        return membership(
          `${userId} makes ${member} ${step.role} of ${listId}`,
          () => store.putMember(userId, listId, member, step.role, now),
          () => model.putMember(listId, member, step.role),
          listId,
        );
      }
      case 'removeMember':
      case 'leave': {
        const leaving = step.kind === 'leave';
        const listId = leaving
          ? choose(
              seenLists.filter((id) => !ownedLists.includes(id)),
              step.pick,
            )
          : choose(ownedLists, step.pick);
        if (listId === undefined) return;
        const ownerId = model.listOwner(listId)!;
        const member = step.kind === 'leave' ? userId : someMember(model, listId, step.actor, step.other);
        return membership(
          `${ownerId} removes ${member} from ${listId}${leaving ? ' (they leave)' : ''}`,
          () => store.removeMember(ownerId, listId, member, now),
          () => model.removeMember(listId, member),
          listId,
        );
      }
      case 'transfer': {
        const listId = choose(ownedLists, step.pick);
        if (listId === undefined) return;
        const member = someMember(model, listId, step.actor, step.other);
        return membership(
          `${userId} gives ${listId} to ${member}`,
          () => store.transferOwnership(userId, listId, member, now, 100),
          () => model.transferOwnership(listId, member),
          listId,
        );
      }
      case 'sync':
        trace.push(`${userId}'s device syncs`);
        return syncDevice(store, model, userId, device);
    }
  }

  try {
    for (const [index, step] of steps.entries()) {
      if (step.kind === 'idle') continue;
      await run(index, step);
      // [P4] A user's seq never goes back: a device's checkpoint stays below every later change.
      for (const userId of USERS) {
        const seq = await store.highestSeq(userId);
        expect({ userId, highestSeq: seq }).toEqual({ userId, highestSeq: Math.max(seq, highest.get(userId)!) });
        highest.set(userId, seq);
      }
    }
    trace.push('every device syncs');
    for (const userId of USERS) await syncDevice(store, model, userId, devices.get(userId)!);
  } catch (error) {
    if (error instanceof Error) error.message = `${error.message}\n\nsteps:\n  ${trace.join('\n  ')}`;
    throw error;
  } finally {
    await remove();
  }
}

async function pullUntilEmpty<D extends { seq: number }>(pull: (afterSeq: number) => Promise<D[]>, from: number): Promise<D[]> {
  const docs: D[] = [];
  for (let page = await pull(from); page.length > 0; page = await pull(page.at(-1)!.seq)) docs.push(...page);
  return docs;
}

/**
 * docs/protocol.md [SH1]: the seeded property test and the single cases of sharing, against the store `openStore` opens
 * (with no users: the cases create them).
 */
export function describeSharingVisibility(storeName: string, openStore: SharingStoreFactory, options: SharingVisibilityOptions): void {
  describe(`shared lists on the ${storeName} store`, () => {
    it(
      '[SH1] exact visibility: after any interleaving of writes and membership changes, a device that pulls until caught up holds exactly what its user may see; nothing it receives leaks; a write without permission is refused and changes nothing',
      async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(stepArbitrary, { minLength: 40, maxLength: 80 }), (steps) => runSteps(openStore, steps)),
          // A failure stops shrinking after the time limit and reports the smallest sequence found by then.
          { numRuns: options.numRuns, seed: 1515, interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: true },
        );
      },
      options.timeLimitMs + 20_000,
    );
  });

  describe(`shared lists on the ${storeName} store: single cases`, () => {
    let store: Store;
    let remove: () => Promise<void>;
    beforeEach(async () => ({ store, remove } = await createStoreWithUsers(openStore)));
    afterEach(() => remove());

    /** Pulls both collections from these checkpoints until empty; the documents in pull order. */
    const pullFrom = async (userId: string, taskSeq: number, listSeq: number) => ({
      tasks: await pullUntilEmpty((after) => store.pullChanges(userId, after, PAGE), taskSeq),
      lists: await pullUntilEmpty((after) => store.pullListChanges(userId, after, PAGE), listSeq),
    });

    it('[SH5] a removed member pulls tombstones for the list and every task of it, and reads none of them by id afterwards', async () => {
      const list = makeList({ id: 'trip', createdAt: at(1), updatedAt: at(1) });
      await store.applyListPush('ada', [{ newDocumentState: list }]);
      const tasks = ['tickets', 'hotel', 'visa'].map((id, n) =>
        makeTask({ id, listId: 'trip', _deleted: n === 2, createdAt: at(2), updatedAt: at(2) }),
      );
      await store.applyPush(
        'ada',
        tasks.map((task) => ({ newDocumentState: task })),
      );
      await store.applyPush('ben', [{ newDocumentState: makeTask({ id: 'own', createdAt: at(2), updatedAt: at(2) }) }]);
      await store.putMember('ada', 'trip', 'ben', 'editor', at(3));
      const joined = await pullFrom('ben', 0, 0);
      expect(joined.tasks.map((task) => task.id).sort()).toEqual(['hotel', 'own', 'tickets', 'visa']);
      expect(joined.lists.map(withoutSeq)).toEqual([list]);

      expect(await store.removeMember('ada', 'trip', 'ben', at(4))).toMatchObject({ changed: true });

      const after = await pullFrom('ben', joined.tasks.at(-1)!.seq, joined.lists.at(-1)!.seq);
      const hidden = (docs: Array<{ id: string; _deleted: boolean; seq: number } & ({ title: string } | { name: string })>) =>
        docs.map(({ id, _deleted, ...rest }) => ({ id, _deleted, text: 'title' in rest ? rest.title : rest.name }));
      expect(hidden(after.tasks).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        ['hotel', 'tickets', 'visa'].map((id) => ({ id, _deleted: true, text: 'No access' })),
      );
      expect(hidden(after.lists)).toEqual([{ id: 'trip', _deleted: true, text: 'No access' }]);
      for (const id of ['tickets', 'hotel', 'visa']) expect({ id, task: await store.getTask('ben', id) }).toEqual({ id, task: null });
      expect(await store.getList('ben', 'trip')).toBeNull();
      expect(await store.listAccess('ben', 'trip')).toBeNull();
      expect(await store.getTask('ben', 'own')).toMatchObject({ id: 'own', _deleted: false });
      expect(await store.getTask('ada', 'tickets')).toMatchObject({ id: 'tickets', _deleted: false });
    });

    it("[SH1] [SH11] a task written into another account's list that the writer never saw stays the writer's own: the list's owner never sees it, and the writer cannot join that list while they hold it", async () => {
      await store.applyListPush('cy', [{ newDocumentState: makeList({ id: 'plans', createdAt: at(1), updatedAt: at(1) }) }]);
      const task = makeTask({ id: 'party', listId: 'plans', createdAt: at(2), updatedAt: at(2) });
      const outcome = await store.applyPush('ada', [{ newDocumentState: task }]);
      expect(outcome.denied).toBeUndefined();
      expect(outcome.fanOut).toBeUndefined();
      expect(await store.getTask('ada', 'party')).toMatchObject({ id: 'party', listId: 'plans' });
      expect(await store.getTask('cy', 'party')).toBeNull();
      expect((await store.pullChanges('cy', 0, 100)).map((doc) => doc.id)).toEqual([]);
      await expect(store.putMember('cy', 'plans', 'ada', 'editor', at(3))).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await store.listAccess('ada', 'plans')).toBeNull();
      // moved out of that list id, the task no longer stands in the way
      const [held] = await store.getTasks('ada', ['party']);
      await store.applyPush('ada', [{ newDocumentState: { ...task, listId: 'inbox', updatedAt: at(4) }, assumedMasterState: held }]);
      expect((await store.putMember('cy', 'plans', 'ada', 'editor', at(5))).changed).toBe(true);
      expect(await store.getTask('cy', 'party')).toBeNull();
    });

    it("[SH1] a removed member's device that pushes an edit of a task or list it may no longer see is refused FORBIDDEN, and no copy of it appears", async () => {
      const list = makeList({ id: 'trip', createdAt: at(1), updatedAt: at(1) });
      const task = makeTask({ id: 'tickets', listId: 'trip', createdAt: at(1), updatedAt: at(1) });
      await store.applyListPush('ada', [{ newDocumentState: list }]);
      await store.applyPush('ada', [{ newDocumentState: task }]);
      await store.putMember('ada', 'trip', 'ben', 'editor', at(2));
      const held = await pullFrom('ben', 0, 0);
      await store.removeMember('ada', 'trip', 'ben', at(3));
      const seq = await store.highestSeq('ben');

      const edited = { ...task, title: 'Edited offline', updatedAt: at(4) };
      const taskOutcome = await store.applyPush('ben', [{ newDocumentState: edited, assumedMasterState: held.tasks[0]! }]);
      const renamed = { ...list, name: 'Renamed offline', updatedAt: at(4) };
      const listOutcome = await store.applyListPush('ben', [{ newDocumentState: renamed, assumedMasterState: held.lists[0]! }]);

      expect(taskOutcome).toMatchObject({ written: [], conflicts: [], denied: [{ id: 'tickets', code: 'FORBIDDEN' }] });
      expect(listOutcome).toMatchObject({ written: [], conflicts: [], denied: [{ id: 'trip', code: 'FORBIDDEN' }] });
      expect(await store.highestSeq('ben')).toBe(seq);
      expect([await store.getTask('ben', 'tickets'), await store.getList('ben', 'trip')]).toEqual([null, null]);
      expect(await store.getTask('ada', 'tickets')).toMatchObject(task);
    });

    it('[P4] a task its owner moves into a list shared with them reaches their device: their seq does not go back when it leaves their space', async () => {
      await store.applyListPush('cy', [{ newDocumentState: makeList({ id: 'shop', createdAt: at(1), updatedAt: at(1) }) }]);
      await store.putMember('cy', 'shop', 'ada', 'editor', at(2));
      const task = makeTask({ id: 'milk', createdAt: at(3), updatedAt: at(3) });
      const first = (await store.applyPush('ada', [{ newDocumentState: task }])).written[0]!;
      const renamed = { ...task, title: 'Oat milk', updatedAt: at(4) };
      const second = (await store.applyPush('ada', [{ newDocumentState: renamed, assumedMasterState: first }])).written[0]!;
      const checkpoint = (await pullFrom('ada', 0, 0)).tasks.at(-1)!.seq;

      const moved = { ...renamed, listId: 'shop', updatedAt: at(5) };
      expect((await store.applyPush('ada', [{ newDocumentState: moved, assumedMasterState: second }])).written.map(withoutSeq)).toEqual([
        moved,
      ]);

      expect((await pullFrom('ada', checkpoint, 0)).tasks.map(withoutSeq)).toEqual([moved]);
      expect(await store.highestSeq('ada')).toBeGreaterThan(checkpoint);
    });

    it("[SH1] [AS5] a member's listings merge their own tasks and lists with the shared list's, under the seqs they hold them by, with every filter, both orders and their pages; a stranger lists none of it", async () => {
      const list = (id: string, order: string) => makeList({ id, order, createdAt: at(1), updatedAt: at(1) });
      await store.applyListPush('ada', [{ newDocumentState: list('trip', 'a2') }, { newDocumentState: list('private', 'a1') }]);
      await store.applyListPush('ben', [{ newDocumentState: list('home', 'a3') }, { newDocumentState: list('work', 'a1') }]);
      await store.putMember('ada', 'trip', 'ben', 'editor', at(2));
      // createdAt interleaves the two spaces, so the merge is what orders the page
      const task = (id: string, step: number, fields: Partial<TaskContent>) =>
        makeTask({ id, title: `task ${id}`, createdAt: at(step), updatedAt: at(step), ...fields });
      const ofAda = [
        task('t1', 10, { listId: 'trip', due: { date: '2026-03-05' }, assignee: 'ben' }),
        task('t2', 12, { listId: 'trip', status: 'done' }),
        task('t3', 14, { listId: 'trip', _deleted: true }),
        task('t4', 16, { listId: 'trip', due: { date: '2026-03-02' } }),
        task('a1', 17, { due: { date: '2026-03-01' }, assignee: 'ada' }),
        task('a2', 18, { listId: 'private' }),
      ];
      const ofBen = [
        task('b1', 11, { due: { date: '2026-03-03' }, assignee: 'ben' }),
        task('b2', 13, { listId: 'home' }),
        task('b3', 15, { listId: 'work', due: { date: '2026-03-04' } }),
      ];
      for (const [userId, tasks] of [['ada', ofAda] as const, ['ben', ofBen] as const]) {
        const outcome = await store.applyPush(
          userId,
          tasks.map((newDocumentState) => ({ newDocumentState })),
        );
        expect({ userId, denied: outcome.denied, written: outcome.written.length }).toEqual({
          userId,
          denied: undefined,
          written: tasks.length,
        });
      }
      /** The seq of each document ben's device holds once caught up. */
      const heldSeq = new Map<string, number>();
      const catchUp = async () => {
        const held = await pullFrom('ben', 0, 0);
        for (const doc of [...held.tasks, ...held.lists]) heldSeq.set(doc.id, doc.seq);
      };
      await catchUp();

      /** Every page of a task listing with `limit`, as ids; each document under the seq ben's device holds it by. */
      const listed = async (userId: string, query: Omit<Parameters<Store['listTasks']>[1], 'limit' | 'cursor'>, limit = 2) => {
        const tasks = await everyPage(async (cursor) => {
          const page = await store.listTasks(userId, { ...query, limit, ...(cursor === undefined ? {} : { cursor }) });
          return { items: page.tasks, nextCursor: page.nextCursor };
        }, limit);
        if (userId === 'ben') for (const { id, seq } of tasks) expect({ id, seq }).toEqual({ id, seq: heldSeq.get(id) });
        return tasks.map((found) => found.id);
      };
      expect(await listed('ben', {})).toEqual(['t4', 'b3', 'b2', 't2', 'b1', 't1']);
      expect(await listed('ben', {}, 100)).toEqual(['t4', 'b3', 'b2', 't2', 'b1', 't1']);
      expect(await listed('ben', { includeDeleted: true }, 3)).toEqual(['t4', 'b3', 't3', 'b2', 't2', 'b1', 't1']);
      expect(await listed('ben', { status: 'done' })).toEqual(['t2']);
      expect(await listed('ben', { status: 'todo' })).toEqual(['t4', 'b3', 'b2', 'b1', 't1']);
      expect(await listed('ben', { listId: 'trip' })).toEqual(['t4', 't2', 't1']);
      expect(await listed('ben', { listId: INBOX_LIST_ID })).toEqual(['b1']);
      expect(await listed('ben', { listId: 'home' })).toEqual(['b2']);
      expect(await listed('ben', { listId: 'private' })).toEqual([]);
      expect(await listed('ben', { assignee: 'ben' })).toEqual(['b1', 't1']);
      expect(await listed('ben', { assignee: 'ben', listId: 'trip' })).toEqual(['t1']);
      expect(await listed('ben', { dueBefore: '2026-03-10' }, 1)).toEqual(['t4', 'b1', 'b3', 't1']);
      expect(await listed('ben', { dueBefore: '2026-03-04', listId: 'trip' })).toEqual(['t4']);
      expect(await listed('ada', {})).toEqual(['a2', 'a1', 't4', 't2', 't1']);
      expect(await listed('cy', { includeDeleted: true })).toEqual([]);

      const lists = async (userId: string, includeDeleted = false) =>
        (
          await everyPage(async (cursor) => {
            const page = await store.listLists(userId, { limit: 1, includeDeleted, ...(cursor === undefined ? {} : { cursor }) });
            return { items: page.lists, nextCursor: page.nextCursor };
          }, 1)
        ).map(({ id, seq }) => {
          if (userId === 'ben') expect({ id, seq }).toEqual({ id, seq: heldSeq.get(id) });
          return id;
        });
      expect(await lists('ben')).toEqual(['work', 'trip', 'home']);
      expect(await lists('ada')).toEqual(['private', 'trip']);
      expect(await lists('cy')).toEqual([]);
      await store.applyListPush('ada', [
        {
          newDocumentState: { ...list('trip', 'a2'), _deleted: true, updatedAt: at(20) },
          assumedMasterState: (await store.getList('ada', 'trip'))!,
        },
      ]);
      await catchUp();
      expect(await lists('ben')).toEqual(['work', 'home']);
      expect(await lists('ben', true)).toEqual(['work', 'trip', 'home']);

      await store.removeMember('ada', 'trip', 'ben', at(21));
      expect(await listed('ben', { includeDeleted: true })).toEqual(['b3', 'b2', 'b1']);
      expect(await listed('ben', { listId: 'trip' })).toEqual([]);
      expect(await lists('ben', true)).toEqual(['work', 'home']);
    });

    it('[P4] the former owner of a list given to a member pulls every later change of its tasks', async () => {
      await store.applyListPush('ada', [{ newDocumentState: makeList({ id: 'home', createdAt: at(1), updatedAt: at(1) }) }]);
      const task = makeTask({ id: 'bins', listId: 'home', createdAt: at(2), updatedAt: at(2) });
      let written = (await store.applyPush('ada', [{ newDocumentState: task }])).written[0]!;
      for (const title of ['Bins out', 'Bins out on Monday']) {
        written = (await store.applyPush('ada', [{ newDocumentState: { ...task, title }, assumedMasterState: written }])).written[0]!;
      }
      const checkpoint = (await pullFrom('ada', 0, 0)).tasks.at(-1)!.seq;
      await store.putMember('ada', 'home', 'ben', 'editor', at(3));
      expect(await store.transferOwnership('ada', 'home', 'ben', at(4), 100)).toMatchObject({ changed: true });

      const byBen = { ...task, title: 'Bins out on Tuesday', updatedAt: at(5) };
      await store.applyPush('ben', [{ newDocumentState: byBen, assumedMasterState: (await store.getTask('ben', 'bins'))! }]);

      expect((await pullFrom('ada', checkpoint, 0)).tasks.map(withoutSeq)).toEqual([byBen]);
    });
  });
}
