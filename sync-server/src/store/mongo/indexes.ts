import { MongoServerError, type Db, type IndexDescription } from 'mongodb';
import { COLLECTION_NAMES } from './collections';

/** [MG6] The index of the removed MONGODB_COMPLETED_TASK_TTL option: it hard-deleted done tasks. */
const REMOVED_COMPLETED_TTL_INDEX = 'tasks_completed_ttl';
/** IndexNotFound: another instance starting at the same time dropped it first. */
const INDEX_NOT_FOUND = 27;
/** Expired refresh tokens are useless; keep them a day for reuse diagnostics. */
const REFRESH_TOKEN_GRACE_SECONDS = 86_400;

const TASK_INDEXES: IndexDescription[] = [
  { key: { userId: 1, id: 1 }, name: 'tasks_user_id', unique: true },
  { key: { userId: 1, seq: 1 }, name: 'tasks_user_seq', unique: true },
  { key: { userId: 1, status: 1, createdAt: -1 }, name: 'tasks_user_status_created' },
  { key: { userId: 1, _deleted: 1, createdAt: -1, id: -1 }, name: 'tasks_user_listing' },
  // [LS5] A list's tasks, newest first; [LS6] open tasks by due ([DM23]).
  { key: { userId: 1, listId: 1, _deleted: 1, createdAt: -1, id: -1 }, name: 'tasks_user_list' },
  { key: { userId: 1, _deleted: 1, dueKey: 1, id: 1 }, name: 'tasks_user_due' },
  {
    key: { userId: 1, title: 'text', description: 'text', searchPrefixes: 'text' },
    name: 'tasks_text',
    weights: { title: 10, description: 5, searchPrefixes: 1 },
    // No stemming or stop words: matching is on whole folded words and their prefixes.
    default_language: 'none',
    language_override: 'textLanguage',
  },
];

/** [LS1] Lists: one per id, one per seq (a safety net, as for tasks: the head allocates), and the manual order ([LS7]). */
const LIST_INDEXES: IndexDescription[] = [
  { key: { userId: 1, id: 1 }, name: 'lists_user_id', unique: true },
  { key: { userId: 1, seq: 1 }, name: 'lists_user_seq', unique: true },
  { key: { userId: 1, _deleted: 1, order: 1, id: 1 }, name: 'lists_user_order' },
];

/** Creates every collection index; safe to run from many instances at once and on every start. */
export async function ensureMongoIndexes(db: Db): Promise<void> {
  await db.collection(COLLECTION_NAMES.users).createIndexes([
    { key: { email: 1 }, name: 'users_email', unique: true },
    { key: { id: 1 }, name: 'users_id', unique: true },
  ]);
  await db.collection(COLLECTION_NAMES.refreshTokens).createIndexes([
    { key: { id: 1 }, name: 'refresh_tokens_id', unique: true },
    { key: { familyId: 1 }, name: 'refresh_tokens_family' },
    { key: { expiresAtDate: 1 }, name: 'refresh_tokens_expiry', expireAfterSeconds: REFRESH_TOKEN_GRACE_SECONDS },
  ]);
  // One head per user: two heads would hand out the same seqs twice.
  await db.collection(COLLECTION_NAMES.seqHeads).createIndex({ userId: 1 }, { name: 'seq_heads_user', unique: true });
  // One intent per write of a claim; no TTL: a pending claim's intents must outlive any idle time ([MG3]).
  await db
    .collection(COLLECTION_NAMES.claimIntents)
    .createIndex({ userId: 1, claimId: 1, index: 1 }, { name: 'claim_intents_claim', unique: true });
  await db.collection(COLLECTION_NAMES.tasks).createIndexes(TASK_INDEXES);
  await db.collection(COLLECTION_NAMES.lists).createIndexes(LIST_INDEXES);
  await dropRemovedCompletedTtl(db);
}

/** Sync never hard-deletes a task ([MG6]): a deployment that had the TTL loses it on the next start. */
async function dropRemovedCompletedTtl(db: Db): Promise<void> {
  const tasks = db.collection(COLLECTION_NAMES.tasks);
  const existing = (await tasks.indexes()).some((index) => index.name === REMOVED_COMPLETED_TTL_INDEX);
  if (!existing) return;
  try {
    await tasks.dropIndex(REMOVED_COMPLETED_TTL_INDEX);
  } catch (error) {
    if (!(error instanceof MongoServerError && error.code === INDEX_NOT_FOUND)) throw error;
  }
}
