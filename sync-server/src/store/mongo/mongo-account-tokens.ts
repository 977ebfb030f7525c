import type { Collection, Db } from 'mongodb';
import type { AccountEmailStore, OneTimeTokenRecord } from '../account-email-store';
import { COLLECTION_NAMES, type MongoCollections } from './collections';
import { unavailableWhenDown } from './errors';
import { PUSH_SUBSCRIPTIONS_COLLECTION, REMINDER_DELIVERIES_COLLECTION } from './mongo-reminders';
import { sharingCollections } from './sharing-collections';

export const ACCOUNT_TOKENS_COLLECTION = 'account_tokens';

type AccountTokenDocument = OneTimeTokenRecord & { expiresAtDate: Date };

/** A spent or expired link is useless; a day's grace keeps it for diagnostics, as refresh tokens are kept. */
const ACCOUNT_TOKEN_GRACE_SECONDS = 86_400;

/** How many document ids of a space one statement of the account deletion names. */
const ID_BATCH = 1000;

/** The ids of a space's documents, a batch at a time, each read on the index `{ userId, id }`. */
async function forEachIdBatch(
  documents: Collection<{ userId: string; id: string }>,
  userId: string,
  each: (ids: string[]) => Promise<unknown>,
) {
  const cursor = documents.find({ userId }, { projection: { _id: 0, id: 1 }, batchSize: ID_BATCH }).sort({ userId: 1, id: 1 });
  let batch: string[] = [];
  for await (const { id } of cursor) {
    batch.push(id);
    if (batch.length === ID_BATCH) {
      await each(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await each(batch);
}

/** [AC12] Indexes of the account e-mails; safe from many instances at once, on every start. */
export async function ensureAccountTokenIndexes(db: Db): Promise<void> {
  await db.collection(ACCOUNT_TOKENS_COLLECTION).createIndexes([
    { key: { tokenHash: 1 }, name: 'account_tokens_hash', unique: true },
    { key: { userId: 1, purpose: 1 }, name: 'account_tokens_user' },
    { key: { expiresAtDate: 1 }, name: 'account_tokens_expiry', expireAfterSeconds: ACCOUNT_TOKEN_GRACE_SECONDS },
  ]);
  // Sign out everywhere and account deletion find a user's refresh tokens without a scan.
  await db.collection(COLLECTION_NAMES.refreshTokens).createIndex({ userId: 1 }, { name: 'refresh_tokens_user' });
}

/**
 * [AC12] The account-e-mail methods on MongoDB. Single-document atomic operations only, as the rest of the store:
 * a token is spent by one `findOneAndUpdate`, so of two simultaneous spends exactly one wins.
 */
export function createMongoAccountMethods(db: Db, collections: MongoCollections): AccountEmailStore {
  const tokens = db.collection<AccountTokenDocument>(ACCOUNT_TOKENS_COLLECTION);
  const users = db.collection<{ id: string; email: string; emailVerifiedAt?: string | null }>(COLLECTION_NAMES.users);
  const projection = { _id: 0, expiresAtDate: 0 } as const;
  const sharing = sharingCollections(db);

  return {
    insertOneTimeToken: (token) =>
      unavailableWhenDown(async () => {
        await tokens.insertOne({ ...token, usedAt: null, expiresAtDate: new Date(token.expiresAt) });
      }),
    spendOneTimeToken: (tokenHash, purpose, at) =>
      unavailableWhenDown(async () => {
        // expiresAt is an ISO string written by toISOString, so string order is time order.
        const spent = await tokens.findOneAndUpdate(
          { tokenHash, purpose, usedAt: null, expiresAt: { $gt: at } },
          { $set: { usedAt: at } },
          { returnDocument: 'after', projection },
        );
        // The projection leaves out `_id` and `expiresAtDate`: what remains is the record.
        return spent;
      }),
    spendUserTokens: (userId, purpose, at) =>
      unavailableWhenDown(async () => {
        await tokens.updateMany({ userId, purpose, usedAt: null }, { $set: { usedAt: at } });
      }),
    emailVerifiedAt: (userId) =>
      unavailableWhenDown(
        async () => (await users.findOne({ id: userId }, { projection: { emailVerifiedAt: 1 } }))?.emailVerifiedAt ?? null,
      ),
    markEmailVerified: (userId, email, at) =>
      unavailableWhenDown(async () => {
        const matched = await users.updateOne({ id: userId, email, emailVerifiedAt: null }, { $set: { emailVerifiedAt: at } });
        if (matched.matchedCount === 1) return true;
        // Verified before: still true, the first time kept.
        return (await users.countDocuments({ id: userId, email, emailVerifiedAt: { $ne: null } })) === 1;
      }),
    revokeUserSessions: (userId, revokedAt, keepFamilyId) =>
      unavailableWhenDown(async () => {
        const active = await collections.refreshTokens.distinct('familyId', { userId, revokedAt: null });
        const ended = active.filter((familyId) => familyId !== keepFamilyId);
        if (ended.length > 0) {
          await collections.refreshTokens.updateMany({ userId, familyId: { $in: ended }, revokedAt: null }, { $set: { revokedAt } });
        }
        return ended;
      }),
    insertRefreshTokenIfCurrent: (token, expectedPasswordHash) =>
      unavailableWhenDown(async () => {
        // No transaction across collections: write first, then read the account. A password change or a deletion that
        // this read does not see comes after the write, and revokes or removes the token itself ([AC15], [AC17]).
        await collections.refreshTokens.insertOne({
          ...token,
          usedAt: null,
          revokedAt: null,
          replacedBy: null,
          expiresAtDate: new Date(token.expiresAt),
        });
        const current = await collections.users.findOne({ id: token.userId }, { projection: { _id: 0, passwordHash: 1 } });
        if (current && (expectedPasswordHash === undefined || current.passwordHash === expectedPasswordHash)) return true;
        await collections.refreshTokens.deleteOne({ id: token.id });
        return false;
      }),
    replacePasswordHash: (userId, expectedHash, newHash) =>
      unavailableWhenDown(async () => {
        const result = await collections.users.updateOne({ id: userId, passwordHash: expectedHash }, { $set: { passwordHash: newHash } });
        return result.matchedCount === 1;
      }),
    isSessionActive: (userId, familyId, at) =>
      unavailableWhenDown(async () => {
        const token = await collections.refreshTokens.findOne(
          { familyId, userId, revokedAt: null, expiresAt: { $gt: at } },
          { projection: { _id: 1 } },
        );
        // The deletion removes the account last ([AC8]): a token written in its window names an account that is gone.
        return token !== null && (await collections.users.countDocuments({ id: userId }, { limit: 1 })) === 1;
      }),
    deleteAccount: (userId) =>
      unavailableWhenDown(async () => {
        // No multi-document transaction: sign-ins go first, the account last, so an interrupted deletion is retried
        // by the same request (the password still works) and never leaves a signed-in device over half an account.
        await collections.refreshTokens.deleteMany({ userId });
        await tokens.deleteMany({ userId });
        // Reminders ([NT1]): deliveries to the user's devices (also of tasks in other spaces assigned to them, [AS6]) and
        // subscriptions first, so nothing more is sent to the user's devices.
        const devices = db.collection<{ id: string; userId: string }>(PUSH_SUBSCRIPTIONS_COLLECTION);
        const subscriptionIds = (await devices.find({ userId }, { projection: { _id: 0, id: 1 } }).toArray()).map(({ id }) => id);
        await db.collection(REMINDER_DELIVERIES_COLLECTION).deleteMany({ subscriptionId: { $in: subscriptionIds } });
        await devices.deleteMany({ userId });
        await db.collection(REMINDER_DELIVERIES_COLLECTION).deleteMany({ userId });
        // Shared lists ([SH5]; the store left every list before, unshareAccount): the user's feed and memberships, the
        // invitations of their lists and to their address, and the deleted space's id in the hiding entries its former
        // members' devices still pull (they need the document ids only). Found through the space's documents (index
        // feed_doc), so before those go.
        const space = { space: userId, visible: false };
        await forEachIdBatch(db.collection(COLLECTION_NAMES.tasks), userId, (ids) =>
          sharing.feed.updateMany({ kind: 't', docId: { $in: ids }, ...space }, { $set: { space: '' } }),
        );
        await forEachIdBatch(db.collection(COLLECTION_NAMES.lists), userId, async (ids) => {
          await sharing.feed.updateMany({ kind: 'l', docId: { $in: ids }, ...space }, { $set: { space: '' } });
          await sharing.invitations.deleteMany({ listId: { $in: ids }, ownerId: userId });
        });
        const email = (await users.findOne({ id: userId }, { projection: { _id: 0, email: 1 } }))?.email;
        if (email !== undefined) await sharing.invitations.deleteMany({ email });
        await sharing.feed.deleteMany({ userId });
        await sharing.members.deleteMany({ userId });
        await sharing.members.deleteMany({ ownerId: userId });
        await collections.tasks.deleteMany({ userId });
        await collections.lists.deleteMany({ userId });
        await collections.claimIntents.deleteMany({ userId });
        await collections.seqHeads.deleteMany({ userId });
        await collections.users.deleteOne({ id: userId });
      }),
  };
}
