import type { Db, IndexDescription } from 'mongodb';
import { COLLECTION_NAMES } from './collections';

export type MongoIndexOptions = {
  /** Expire done tasks this long after `completedAt`; undefined: never (the default). */
  completedTaskTtlSeconds?: number;
};

const COMPLETED_TTL_INDEX = 'tasks_completed_ttl';
/** Expired refresh tokens are useless; keep them a day for reuse diagnostics. */
const REFRESH_TOKEN_GRACE_SECONDS = 86_400;

const TASK_INDEXES: IndexDescription[] = [
  { key: { userId: 1, id: 1 }, name: 'tasks_user_id', unique: true },
  { key: { userId: 1, seq: 1 }, name: 'tasks_user_seq', unique: true },
  { key: { userId: 1, status: 1, createdAt: -1 }, name: 'tasks_user_status_created' },
  { key: { userId: 1, _deleted: 1, createdAt: -1, id: -1 }, name: 'tasks_user_listing' },
  {
    key: { userId: 1, title: 'text', description: 'text', searchPrefixes: 'text' },
    name: 'tasks_text',
    weights: { title: 10, description: 5, searchPrefixes: 1 },
    // No stemming or stop words: matching is on whole folded words and their prefixes.
    default_language: 'none',
    language_override: 'textLanguage',
  },
];

/** Creates every collection index; safe to run from many instances at once and on every start. */
export async function ensureMongoIndexes(db: Db, options: MongoIndexOptions = {}): Promise<void> {
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
  await db.collection(COLLECTION_NAMES.tasks).createIndexes(TASK_INDEXES);
  await ensureCompletedTtl(db, options.completedTaskTtlSeconds);
}

async function ensureCompletedTtl(db: Db, ttlSeconds: number | undefined): Promise<void> {
  const tasks = db.collection(COLLECTION_NAMES.tasks);
  const existing = (await tasks.indexes()).find((index) => index.name === COMPLETED_TTL_INDEX);
  if (ttlSeconds === undefined) {
    if (existing) await tasks.dropIndex(COMPLETED_TTL_INDEX);
    return;
  }
  if (!existing) {
    await tasks.createIndex({ completedAtDate: 1 }, { name: COMPLETED_TTL_INDEX, expireAfterSeconds: ttlSeconds });
  } else if (existing.expireAfterSeconds !== ttlSeconds) {
    await db.command({ collMod: COLLECTION_NAMES.tasks, index: { name: COMPLETED_TTL_INDEX, expireAfterSeconds: ttlSeconds } });
  }
}
