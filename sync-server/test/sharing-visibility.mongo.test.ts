import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { createMongoStore } from '../src/store/mongo/mongo-store';
import type { Store } from '../src/store/store';
import { mongoSkipReason, mongoStoreFactory, mongoTestConfig } from './support/mongo-test-store';
import { describeSharingVisibility } from './support/sharing-visibility-cases';

const skipReason = mongoSkipReason();

if (skipReason !== null) {
  console.warn(`MongoStore sharing visibility skipped: ${skipReason}`);
  describe.skip('shared lists on the MongoDB store (skipped: MONGODB_URL is not set, so there is no mongod to run against)', () => {
    it('runs the sharing property test and single cases against MongoDB', () => undefined);
  });
} else {
  const url = process.env.MONGODB_URL!;
  const factory = mongoStoreFactory(url);
  // Every store operation is a round trip here: fewer sequences than on SQLite, each on a fresh database.
  describeSharingVisibility('MongoDB', async () => await factory(), { numRuns: 15, timeLimitMs: 120_000 });

  describe('account deletion on the MongoDB store', () => {
    const databaseName = `tasklane_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    let store: Store;
    let raw: MongoClient;
    beforeAll(async () => {
      store = await createMongoStore(mongoTestConfig(url, databaseName));
      raw = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    });
    afterAll(async () => {
      await store?.close();
      await raw?.db(databaseName).dropDatabase();
      await raw?.close();
    });

    /** Per collection, the documents whose JSON contains one of `needles`. */
    async function documentsMentioning(needles: string[]) {
      const db = raw.db(databaseName);
      const found: Record<string, unknown[]> = {};
      for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
        const docs = await db
          .collection(name)
          .find({}, { projection: { _id: 0 } })
          .toArray();
        const hits = docs.filter((doc) => needles.some((needle) => JSON.stringify(doc).includes(needle)));
        if (hits.length > 0) found[name] = hits;
      }
      return found;
    }

    it("[AC8] [SH5] a deleted account leaves no document naming it in any collection: its feed, memberships, the invitations of its lists and to its address, deliveries to its devices; its former members' hiding entries keep the document ids only", async () => {
      const at = (step: number) => new Date(Date.parse('2026-03-01T00:00:00.000Z') + step * 1000).toISOString();
      for (const id of ['ada', 'ben', 'cy']) {
        await store.createUser({ id, email: `${id}@example.test`, passwordHash: 'not-a-hash', createdAt: at(0) });
      }
      const list = (id: string) => ({ newDocumentState: makeList({ id, createdAt: at(1), updatedAt: at(1) }) });
      const task = (id: string, listId: string, assignee: string | null = null) => ({
        newDocumentState: makeTask({ id, title: 'Something to do', listId, assignee, createdAt: at(2), updatedAt: at(2) }),
      });
      await store.applyListPush('ada', [list('ada-list'), list('ada-old')]);
      await store.applyPush('ada', [task('ada-task', 'ada-list'), task('ada-old-task', 'ada-old')]);
      await store.applyListPush('ben', [list('ben-list')]);
      await store.putMember('ada', 'ada-list', 'ben', 'editor', at(3));
      await store.putMember('ada', 'ada-old', 'ben', 'editor', at(3));
      await store.putMember('ben', 'ben-list', 'ada', 'editor', at(3));
      // hiding entries of ada's space in ben's feed
      await store.removeMember('ada', 'ada-old', 'ben', at(4));
      const assigned = (await store.applyPush('ben', [task('ben-task', 'ben-list', 'ada')])).written[0]!;
      expect(assigned.assignee).toBe('ada');
      const invitation = (id: string, listId: string, ownerId: string, email: string) => ({
        id,
        listId,
        ownerId,
        inviterId: ownerId,
        email,
        role: 'viewer' as const,
        createdAt: at(5),
        expiresAt: at(5 + 86_400),
      });
      await store.putInvitation(invitation(randomUUID(), 'ada-list', 'ada', 'cy@example.test'));
      await store.putInvitation(invitation(randomUUID(), 'ben-list', 'ben', 'ada@example.test'));
      const device = { userId: 'ada', endpoint: 'https://push.example.test/ada-device', p256dh: 'key', auth: 'secret' };
      await store.savePushSubscription(device, at(5), 5);
      const [subscription] = await store.listPushSubscriptions('ada');
      // a fire of ben's task for its assignee, on ada's device
      const fire = { reminderId: 'r1', fireAt: at(600), state: 'pending' as const };
      expect(await store.scheduleReminderFires('ben', 'ben-task', assigned.seq, [fire], null)).toEqual({ pending: 1, dropped: 0 });
      const needles = ['"ada"', 'ada@example.test', subscription!.id];
      expect(Object.keys(await documentsMentioning(needles)).sort()).toEqual(
        expect.arrayContaining(['feed', 'list_invitations', 'list_members', 'push_subscriptions', 'reminder_deliveries', 'tasks', 'users']),
      );

      // As the account service deletes an account: it leaves every list, the owners unassign its tasks ([AS4]), then the rows go.
      await store.unshareAccount('ada', at(6));
      const unassigned = { ...assigned, assignee: null, updatedAt: at(7) };
      expect((await store.applyPush('ben', [{ newDocumentState: unassigned, assumedMasterState: assigned }])).written).toHaveLength(1);
      await store.deleteAccount('ada');

      expect(await documentsMentioning(needles)).toEqual({});
      // ben's device still learns which documents to drop: the ids stay, the space is forgotten
      const hiding = await raw
        .db(databaseName)
        .collection<{ userId: string; visible: boolean; docId: string; space: string }>('feed')
        .find({ userId: 'ben', visible: false }, { projection: { _id: 0, docId: 1, space: 1 } })
        .toArray();
      expect(hiding.map((entry) => entry.docId).sort()).toEqual(expect.arrayContaining(['ada-old', 'ada-old-task']));
      expect(new Set(hiding.map((entry) => entry.space))).toEqual(new Set(['']));
      expect(await store.getTask('ben', 'ben-task')).toMatchObject({ id: 'ben-task', assignee: null });
      expect([await store.getList('ben', 'ada-list'), await store.getTask('ben', 'ada-task')]).toEqual([null, null]);
      const pulled = [...(await store.pullChanges('ben', 0, 100)), ...(await store.pullListChanges('ben', 0, 100))];
      expect(pulled.filter((doc) => doc.id.startsWith('ada-')).map(({ id, _deleted }) => ({ id, _deleted }))).toEqual(
        expect.arrayContaining(['ada-task', 'ada-old-task', 'ada-list', 'ada-old'].map((id) => ({ id, _deleted: true }))),
      );
    });
  });
}
