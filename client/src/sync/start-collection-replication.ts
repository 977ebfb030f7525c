import { interval, merge, Subject, type Observable } from 'rxjs';
import type { RxCollection, RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb/plugins/core';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import type { PullRequest, PullResponse } from '@tasklane/shared/protocol/pull';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { createCheckpointTracker, createPullStream } from './changes-stream';
import { holdWhilePushing } from './hold-while-pushing';
import type { PushJournal } from './push-journal';
import { pushWithinByteLimit } from './push-within-byte-limit';
import { pullFullPage } from './pull-full-page';
import { createPullGate } from './pull-gate';
import { createPrefetchingPull } from './prefetching-pull';
import { createRefusalRewind } from './refusal-rewind';
import { pushesInFlight } from './rxdb-internals';
import type { SocketTransport } from './socket-transport';
import type { SyncProblems } from './sync-problems';
import type { StreamPosition } from './stream-position';

/**
 * [BW9] The first pull of a device with nothing stored yet asks for only this many documents, so they
 * are stored and shown after a small page instead of a full one (the protocol maximum, 1,000).
 */
const FIRST_PULL_LIMIT = 100;

/** Longest wait of a pull, or of a live `changes` event since it arrived, for pushes in flight (see `pushesSettled`). */
const PUSH_SETTLE_MAX_MS = 5000;

/** The replicated documents: an id, and a server revision the replication sends back. */
type Replicated = { id: string; seq?: number };

export type CollectionReplicationOptions<Doc extends Replicated> = {
  /** The protocol's name of the collection (`collection` in pull, push and changes, [DM22]). */
  name: ReplicatedCollection;
  collection: RxCollection<Doc>;
  /** The replicated fields of a stored document: what a push carries. */
  toDocument: (doc: Doc) => Doc;
  /** [LE2] Pushes whose acknowledgement may be lost (tasks only: their merge reads it). */
  journal?: PushJournal;
  /** [RJ5] Where refused rows are recorded (and cleared once accepted). */
  problems?: SyncProblems;
  transport: SocketTransport;
  /** Shared by the collections of one engine: what the device has heard of each ([CM5]). */
  position: StreamPosition;
  /** Identifies the server, so checkpoints of another server are never reused. */
  serverId: string;
  /** Safety RESYNC: heals a lost broadcast even when nothing else happens. */
  safetyResyncMs?: number;
  safetyTick$?: Observable<unknown>;
  pullBatchSize?: number;
  pushBatchSize?: number;
  retryTimeMs?: number;
  /** Replicate only in the leader tab (default) or in this instance regardless. */
  waitForLeadership?: boolean;
  /** Called after every successful pull or push round trip. */
  onSynced?: () => void;
  /**
   * [G6] The server refused the stored checkpoint (`CHECKPOINT_UNKNOWN`): its store was reset or
   * restored. The caller must replace this replication by one that starts from scratch; the
   * pull keeps failing (and retrying) until then.
   */
  onCheckpointUnknown?: () => void;
};

/**
 * The replication's identifier, which names its stored checkpoints and master states. The task collection's is the
 * one version 1 of the app used: RxDB's schema migration carries that replication's master states over ([CM2]), so
 * the migrated replication resumes from its checkpoint with every pending edit's base.
 */
export function replicationIdentifier(name: ReplicatedCollection, serverId: string): string {
  return name === 'tasks' ? `tasklane-sync-v1:${serverId}` : `tasklane-sync-${name}-v1:${serverId}`;
}

/**
 * RxDB replication of one collection over the socket (docs/protocol.md §3): the pull handler sends
 * `pull`, the push handler `push`, both naming the collection, and `pull.stream$` is fed by the
 * collection's `changes`. Conflicts come back from `push` and are merged by the collection's
 * conflict handler (shared `mergeTask`, `mergeList`).
 */
export function startCollectionReplication<Doc extends Replicated>(
  options: CollectionReplicationOptions<Doc>,
): RxReplicationState<Doc, Checkpoint> {
  const { transport, position, name, toDocument, journal } = options;
  const checkpoints = createCheckpointTracker();
  position.track(name, checkpoints);
  /**
   * Pushes begun and ended, and connection changes: a prefetched pull page is used only if none
   * happened meanwhile ([BW8]), so it is what a request sent then would get, on the same connection
   * (the pull gate counts it as answered on this one).
   */
  let activity = 0;
  const connectionChanges = transport.state$.subscribe(() => (activity += 1));
  const pageLimit = options.pullBatchSize ?? PROTOCOL_LIMITS.pullMaxLimit;
  /** The checkpoint after which the server just said it has nothing, for the one ask RxDB makes right after ([BW9]). */
  let nothingAfter: { checkpoint: Checkpoint; activity: number } | null = null;
  /** [CM5] Each request notes what the device knew when it left: an empty answer covers that much of the collection. */
  const sendPull = async (request: PullRequest): Promise<PullResponse> => {
    const knownSeq = position.knownSeq();
    const response = await transport.pull({ ...request, collection: name });
    if (response.documents.length === 0) position.caughtUp(name, knownSeq);
    return response;
  };
  const pull = createPrefetchingPull(sendPull, () => activity, pageLimit);
  const pullNoticingReset = (request: PullRequest) =>
    pull(request).catch((error: unknown) => {
      if (error instanceof ProtocolError && error.code === 'CHECKPOINT_UNKNOWN') options.onCheckpointUnknown?.();
      throw error;
    });
  const pullGate = createPullGate(transport.state$, () => pullNoticingReset({ collection: name, checkpoint: checkpoints.get(), limit: 1 }));
  // eslint-disable-next-line prefer-const -- pushesSettled may read it before the assignment below: undefined there, not a TDZ error
  let replication: RxReplicationState<Doc, Checkpoint> | undefined;
  /**
   * RxDB skips a pulled document while the device's own push of it is still
   * unanswered (it looks like an unpushed local write) — yet the checkpoint
   * moves past it. A pull that runs during a push (a RESYNC on reconnect
   * starts together with the retried push) could thus swallow the server's
   * copy of our own write, the only message carrying its new `seq`, and the
   * next edit of the document would conflict (docs/protocol.md [D2]). Pull
   * results and live `changes` wait here until RxDB's upstream is idle: the
   * pushes in flight and those queued meanwhile (bounded, so a push that
   * cannot get through never stops the pull).
   */
  const pushesSettled = async (maxMs = PUSH_SETTLE_MAX_MS) => {
    const deadline = Date.now() + maxMs;
    let upstream = replication && pushesInFlight(replication);
    while (upstream && Date.now() < deadline) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([upstream, new Promise((resolve) => (timer = setTimeout(resolve, deadline - Date.now())))]);
      clearTimeout(timer);
      const queuedSince = pushesInFlight(replication!);
      if (queuedSince === upstream) return;
      upstream = queuedSince;
    }
  };
  /**
   * [LE4] RxDB holds live events back only while its live loop pushes: a RESYNC
   * clears that flag before it pushes what changed since its checkpoint. The
   * server sends the `changes` of a write before its acknowledgement, so the
   * event of the device's own write would reach RxDB while that push is
   * unanswered and be skipped for good.
   */
  /** [RJ11] After a refusal, the next pull starts from the refused rows' bases; a RESYNC asks for it at once. */
  const rewind = createRefusalRewind();
  const rewound$ = new Subject<void>();
  const stream$ = createPullStream<Doc>({
    collection: name,
    changes$: transport.changes$,
    reconnected$: transport.connected$,
    safetyTick$: merge(options.safetyTick$ ?? interval(options.safetyResyncMs ?? 60_000), rewound$),
    checkpoints,
    position,
  }).pipe(holdWhilePushing<Doc, Checkpoint>(pushesSettled, PUSH_SETTLE_MAX_MS));

  /** One push of up to `pushBatchSize` rows; the conflicts go back to RxDB. */
  async function pushRows(rows: RxReplicationWriteToMasterRow<Doc>[]): Promise<WithDeleted<Doc>[]> {
    await pullGate.beforePush();
    const pushed = rows.map((row) => toDocument(row.newDocumentState as Doc));
    // [LE2] Journaled before the push leaves: its acknowledgement may be lost from here on.
    await journal?.record(pushed as never);
    const response = await pushWithinByteLimit<unknown, WithDeleted<Doc>>(
      async (request) => (await transport.push(request)) as unknown as { conflicts: WithDeleted<Doc>[] },
      rows.map((row, index) => ({
        newDocumentState: pushed[index]!,
        ...(row.assumedMasterState ? { assumedMasterState: toDocument(row.assumedMasterState as Doc) } : {}),
      })),
      PROTOCOL_LIMITS.pushMaxBytes,
      name,
    );
    const conflicts = response.conflicts;
    const conflicted = new Set(conflicts.map((conflict) => conflict.id));
    const settled = pushed.filter((doc) => !conflicted.has(doc.id));
    await journal?.forget(settled.map((doc) => doc.id));
    // [RJ5] A refused row is answered to RxDB as written (nothing to merge): the device keeps it, marked, until it is pushed
    // again. RxDB now takes it for the server's state, so a change pulled later replaces it: [RJ6] the record keeps it.
    await options.problems?.settle(name, settled, response.refused);
    const bases = rows.map((row, index) => ({
      id: pushed[index]!.id,
      baseSeq: (row.assumedMasterState as { seq?: number } | undefined)?.seq,
    }));
    if (rewind.afterPush(bases, response.refused, checkpoints.get())) rewound$.next();
    options.onSynced?.();
    return conflicts;
  }

  replication = replicateRxCollection<Doc, Checkpoint>({
    collection: options.collection,
    replicationIdentifier: replicationIdentifier(name, options.serverId),
    live: true,
    retryTime: options.retryTimeMs ?? 3000,
    waitForLeadership: options.waitForLeadership ?? true,
    pull: {
      // RxDB pulls on while a page holds at least this many documents; the first page of a device
      // that has no checkpoint yet asks for this many, every later page for `pageLimit` ([BW9]).
      batchSize: Math.min(FIRST_PULL_LIMIT, pageLimit),
      stream$,
      async handler(lastCheckpoint, continueFrom) {
        checkpoints.advance(lastCheckpoint);
        const from = rewind.startOf(lastCheckpoint ?? undefined);
        const caughtUp = nothingAfter;
        nothingAfter = null;
        if (
          from === lastCheckpoint &&
          caughtUp &&
          caughtUp.activity === activity &&
          caughtUp.checkpoint.seq === lastCheckpoint?.seq &&
          caughtUp.checkpoint.generation === lastCheckpoint.generation
        ) {
          return { documents: [], checkpoint: lastCheckpoint };
        }
        const limit = from ? pageLimit : continueFrom;
        const response = await pullFullPage(pullNoticingReset, { collection: name, checkpoint: from ?? null, limit });
        // `pullFullPage` stops short of `limit` only on an empty page: the server has nothing after this checkpoint.
        // When the page is still long enough for RxDB to ask again at once, that answer is already known ([BW9]).
        if (response.documents.length < limit && response.documents.length >= continueFrom && response.checkpoint) {
          nothingAfter = { checkpoint: response.checkpoint, activity };
        }
        pullGate.pulled();
        await pushesSettled();
        checkpoints.advance(response.checkpoint);
        options.onSynced?.();
        return {
          documents: response.documents as unknown as WithDeleted<Doc>[],
          checkpoint: response.checkpoint ?? from ?? lastCheckpoint,
        };
      },
    },
    push: {
      batchSize: options.pushBatchSize ?? 100,
      async handler(rows) {
        activity += 1;
        try {
          return await pushRows(rows);
        } finally {
          activity += 1;
        }
      },
    },
  });
  replication.onCancel.push(() => {
    pullGate.close();
    connectionChanges.unsubscribe();
  });
  return replication;
}
