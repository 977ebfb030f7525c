import type { Subscription } from 'rxjs';
import type { Task } from '@tasklane/shared/domain/task';
import { isPulledWrite } from '@tasklane/client/src/sync/rxdb-internals';
import type { SyncEngine } from '@tasklane/client/src/sync/sync-engine';

/**
 * What the device's replication did with one task: `pulled` (in a pull answer), `changes` (in a live event), `stored`
 * (RxDB's downstream wrote it), `written` (a local write; `seq` is its base), `pushed` (`assumedSeq`: the base RxDB
 * sent), and the push's answer: `acked`, `conflict` (`seq`: the server's), `refused`, `push-failed`.
 */
export type TaskTraceKind = 'pulled' | 'changes' | 'stored' | 'written' | 'pushed' | 'acked' | 'conflict' | 'refused' | 'push-failed';

export type TraceEvent = {
  at: number;
  kind: TaskTraceKind | 'device';
  seq?: number | null;
  assumedSeq?: number | null;
  /** The checkpoint `seq` of the pull answer or changes event that carried the task. */
  checkpointSeq?: number | null;
  note?: string;
};

/** One pull answer or changes event of the tasks, as the device received it. */
export type TraceBatch = { at: number; fromSeq: number | null; toSeq: number | null; documents: number };

/** [CD1] A device's recent replication history: the last few events per task and of the device itself, nothing more. */
export type ReplicationTrace = {
  task(id: string, event: Omit<TraceEvent, 'at'>): void;
  device(note: string): void;
  eventsOf(id: string): TraceEvent[];
  deviceEvents(): TraceEvent[];
  lastPull: TraceBatch | null;
  lastChanges: TraceBatch | null;
};

export const TRACE_EVENTS_PER_ID = 10;

export function createReplicationTrace(perId = TRACE_EVENTS_PER_ID): ReplicationTrace {
  const byId = new Map<string, TraceEvent[]>();
  const ofDevice: TraceEvent[] = [];
  const keep = (ring: TraceEvent[], event: TraceEvent) => {
    ring.push(event);
    if (ring.length > perId) ring.shift();
  };
  return {
    task(id, event) {
      let ring = byId.get(id);
      if (!ring) byId.set(id, (ring = []));
      keep(ring, { at: Date.now(), ...event });
    },
    device: (note) => keep(ofDevice, { at: Date.now(), kind: 'device', note }),
    eventsOf: (id) => [...(byId.get(id) ?? [])],
    deviceEvents: () => [...ofDevice],
    lastPull: null,
    lastChanges: null,
  };
}

const isTasks = (collection: string | undefined) => collection === undefined || collection === 'tasks';
const seqOf = (doc: unknown) => (doc as { seq?: number } | null | undefined)?.seq ?? null;

/**
 * Records into `trace` what `engine` pulls, hears, stores, writes and pushes of the tasks. Wraps the transport's
 * `pull` and `push` (as the chaos device's ledger does); returns the unsubscribe.
 */
export function traceEngine(engine: SyncEngine, trace: ReplicationTrace): () => void {
  const { transport } = engine;
  const pull = transport.pull.bind(transport);
  transport.pull = async (payload) => {
    const response = await pull(payload);
    if (isTasks(payload.collection)) {
      const toSeq = response.checkpoint?.seq ?? null;
      trace.lastPull = { at: Date.now(), fromSeq: payload.checkpoint?.seq ?? null, toSeq, documents: response.documents.length };
      for (const doc of response.documents) trace.task(doc.id, { kind: 'pulled', seq: seqOf(doc), checkpointSeq: toSeq });
    }
    return response;
  };
  const push = transport.push.bind(transport);
  transport.push = async (payload) => {
    if (!isTasks(payload.collection)) return push(payload);
    const rows = payload.rows as { newDocumentState: Task; assumedMasterState?: Task }[];
    for (const row of rows)
      trace.task(row.newDocumentState.id, { kind: 'pushed', seq: seqOf(row.newDocumentState), assumedSeq: seqOf(row.assumedMasterState) });
    try {
      const response = await push(payload);
      const conflicts = new Map(response.conflicts.map((doc) => [(doc as { id: string }).id, doc]));
      const refused = new Set((response.refused ?? []).map((row) => row.id));
      for (const row of rows) {
        const id = row.newDocumentState.id;
        if (conflicts.has(id)) trace.task(id, { kind: 'conflict', seq: seqOf(conflicts.get(id)) });
        else trace.task(id, { kind: refused.has(id) ? 'refused' : 'acked' });
      }
      return response;
    } catch (error) {
      const note = error instanceof Error ? error.message.slice(0, 80) : 'failed';
      for (const row of rows) trace.task(row.newDocumentState.id, { kind: 'push-failed', note });
      throw error;
    }
  };

  const subscriptions: Subscription[] = [
    transport.changes$.subscribe((event) => {
      if (!isTasks(event.collection)) return;
      const toSeq = event.checkpoint.seq;
      trace.lastChanges = { at: Date.now(), fromSeq: event.previous?.seq ?? null, toSeq, documents: event.documents.length };
      for (const doc of event.documents) trace.task(doc.id, { kind: 'changes', seq: seqOf(doc), checkpointSeq: toSeq });
    }),
    transport.state$.subscribe((state) => trace.device(state)),
    engine.serverResets$.subscribe(() => {
      trace.device('replication reset (CHECKPOINT_UNKNOWN)');
      stored.unsubscribe();
      stored = storedBy(engine);
    }),
    engine.replication.collection.eventBulks$.subscribe((bulk) => {
      if (isPulledWrite(bulk.context)) return;
      // A conflict RxDB's upstream resolved is written with a `replication-…` context: noted, since it is no user's edit.
      const note = bulk.context.startsWith('replication') ? bulk.context : undefined;
      for (const event of bulk.events)
        trace.task(event.documentId, { kind: 'written', seq: seqOf(event.documentData), ...(note ? { note } : {}) });
    }),
  ];
  function storedBy(running: SyncEngine): Subscription {
    return running.replication.received$.subscribe((doc) => trace.task((doc as { id: string }).id, { kind: 'stored', seq: seqOf(doc) }));
  }
  let stored = storedBy(engine);
  trace.device('engine started');
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    stored.unsubscribe();
  };
}
