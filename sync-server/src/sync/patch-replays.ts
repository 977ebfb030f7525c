import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';

/** How long and how many keyed edits an instance remembers ([LR6]). */
export const PATCH_REPLAY_LIMITS = { ttlMs: 24 * 60 * 60 * 1000, maxKeys: 50_000, maxKeysPerUser: 500 } as const;

/** What one keyed edit left for its retries: which request it was, whether it landed, and what it pinned. */
export type PatchRecord = {
  documentId: string;
  /** The request body as JSON: the same key with another body is another request. */
  fingerprint: string;
  /** The occurrence a completion completes, fixed by its first attempt, so a retry never completes the next one. */
  occurrence?: number;
  landed: boolean;
  expiresAt: number;
  /** The attempt under way, if any: a concurrent retry waits for it. */
  inFlight?: Promise<unknown>;
};

export type PatchReplays = {
  /**
   * Runs a keyed edit. The first attempt runs `write` with a fresh record; a retry of the same request whose first
   * attempt landed gets `replay()` and writes nothing; one whose first attempt failed (maybe after it was written)
   * runs `write` again with the record of the first, so it can recognise what already happened.
   */
  run<T>(
    scope: { userId: string; key: string; documentId: string; fingerprint: string },
    write: (record: PatchRecord) => Promise<T>,
    replay: () => Promise<T>,
  ): Promise<{ value: T; replayed: boolean }>;
};

/**
 * [LR6] The memory of `PATCH /api/tasks/:id` with an `Idempotency-Key`: per instance, for 24 hours, at most 500 keys
 * per user and 50,000 in all (the oldest forgotten first; a user past their share forgets their own oldest, so one
 * account cannot push another's records out, [LR17]). A retry that reaches another instance, or comes after a
 * restart, is a new request.
 */
export function createPatchReplays(now: () => number = Date.now): PatchReplays {
  const records = new Map<string, PatchRecord>();
  /** Each user's record ids, oldest first. */
  const idsByUser = new Map<string, Set<string>>();
  const userOf = (id: string) => id.slice(0, id.indexOf('\n'));

  function forget(id: string): void {
    records.delete(id);
    const userIds = idsByUser.get(userOf(id));
    userIds?.delete(id);
    if (userIds?.size === 0) idsByUser.delete(userOf(id));
  }

  function recordOf(id: string): PatchRecord | undefined {
    const record = records.get(id);
    if (record && record.expiresAt <= now() && !record.inFlight) {
      forget(id);
      return undefined;
    }
    return record;
  }

  function remember(id: string, record: PatchRecord): void {
    forget(id);
    records.set(id, record);
    const userIds = idsByUser.get(userOf(id)) ?? new Set<string>();
    idsByUser.set(userOf(id), userIds.add(id));
    while (userIds.size > PATCH_REPLAY_LIMITS.maxKeysPerUser) forget(userIds.values().next().value!);
    while (records.size > PATCH_REPLAY_LIMITS.maxKeys) forget(records.keys().next().value!);
  }

  return {
    async run({ userId, key, documentId, fingerprint }, write, replay) {
      const id = `${userId}\n${key}`;
      let record = recordOf(id);
      if (record && (record.documentId !== documentId || record.fingerprint !== fingerprint)) {
        throw new ProtocolError('CONFLICT', 'this Idempotency-Key was used for a different edit; use a new key for a new edit');
      }
      while (record?.inFlight) {
        await record.inFlight.catch(() => undefined);
        record = recordOf(id);
      }
      if (record?.landed) return { value: await replay(), replayed: true };
      const current: PatchRecord = record ?? { documentId, fingerprint, landed: false, expiresAt: now() + PATCH_REPLAY_LIMITS.ttlMs };
      remember(id, current);
      const attempt = write(current);
      current.inFlight = attempt;
      try {
        const value = await attempt;
        current.landed = true;
        return { value, replayed: false };
      } finally {
        delete current.inFlight;
      }
    },
  };
}
