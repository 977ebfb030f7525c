import type { RxCollection, RxDocumentData } from 'rxdb/plugins/core';
import type { Task } from '@tasklane/shared/domain/task';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import { assumedMasterStatesOf, pushesInFlight, storedCheckpointOf } from '@tasklane/client/src/sync/rxdb-internals';
import type { SyncEngine, SyncStatus } from '@tasklane/client/src/sync/sync-engine';
import { withTimeout, type DeviceHandle } from './device-handle';
import type { ReplicationTrace, TraceBatch, TraceEvent } from './replication-trace';

type DocState = { seq: number | null; updatedAt: string; deleted: boolean };

/** [CD1] One task as a device holds it, and what its replication believes of it. */
export type TaskDiagnosis = {
  id: string;
  /** In the engine's pending ids (not yet reached the server, as the UI shows it). */
  pending: boolean | null;
  fork: DocState | null;
  /** RxDB's assumed master state: what the replication believes the server holds. */
  assumedMaster: DocState | null;
  /** Fork ≠ assumed master: RxDB takes it for an unpushed local change and skips pulled states of it. */
  unpushed: boolean | null;
  events: TraceEvent[];
};

/** [CD1] What a device's sync engine is doing, and its view of the given tasks. Plain data: it crosses the device-host IPC. */
export type DeviceDiagnosis = {
  device: string;
  running: boolean;
  connection: string | null;
  pendingCount: number | null;
  /** RxDB's upstream has a push unanswered (`streamQueue.up` did not settle at once). */
  pushInFlight: boolean | null;
  replicationStopped: boolean | null;
  /** The tasks checkpoint the replication has stored. */
  checkpoint: Checkpoint | null;
  lastPull: TraceBatch | null;
  lastChanges: TraceBatch | null;
  recent: TraceEvent[];
  tasks: TaskDiagnosis[];
  at: number;
};

const stateOf = (doc: Partial<Task> & { _deleted?: boolean }): DocState => ({
  seq: doc.seq ?? null,
  updatedAt: doc.updatedAt ?? '?',
  deleted: doc._deleted === true,
});

/** `status$` replays its current value on subscribe. */
function currentStatus(engine: SyncEngine): SyncStatus | null {
  const seen: { status: SyncStatus | null } = { status: null };
  engine.status$.subscribe((status) => (seen.status = status)).unsubscribe();
  return seen.status;
}

async function settlesAtOnce(promise: Promise<unknown> | undefined): Promise<boolean | null> {
  if (!promise) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 20))),
  ]);
  clearTimeout(timer);
  return settled;
}

/** Reads a device's engine, storage and trace for `ids` ([CD1]); cheap, and only called once a run gave up. */
export async function diagnoseDevice(
  device: { name: string; engine: SyncEngine | null; collection: RxCollection<Task> | null; trace: ReplicationTrace },
  ids: readonly string[],
): Promise<DeviceDiagnosis> {
  const { engine, collection, trace } = device;
  const replication = engine?.replication ?? null;
  const status = engine ? currentStatus(engine) : null;
  const readMasters = replication ? assumedMasterStatesOf(replication) : null;
  const [forks, masters, checkpoint, upstreamIdle] = await Promise.all([
    collection ? collection.storageInstance.findDocumentsById([...ids], true) : Promise.resolve([] as RxDocumentData<Task>[]),
    readMasters ? readMasters([...ids]) : Promise.resolve(null),
    replication ? storedCheckpointOf(replication, 'down') : Promise.resolve(null),
    replication ? settlesAtOnce(pushesInFlight(replication)) : Promise.resolve(null),
  ]);
  const forkById = new Map(forks.map((doc) => [doc.id, doc]));
  const tasks = ids.map((id): TaskDiagnosis => {
    const fork = forkById.get(id);
    const master = masters?.get(id);
    return {
      id,
      pending: status ? status.pendingIds.has(id) : null,
      fork: fork ? stateOf(fork) : null,
      assumedMaster: master ? stateOf(master) : null,
      unpushed:
        !collection || !masters ? null : !fork ? false : !master || !collection.conflictHandler.isEqual(master, fork, 'chaos-diagnose'),
      events: trace.eventsOf(id),
    };
  });
  return {
    device: device.name,
    running: engine !== null,
    connection: status?.connection ?? null,
    pendingCount: status ? status.pendingIds.size : null,
    pushInFlight: upstreamIdle === null ? null : !upstreamIdle,
    replicationStopped: replication ? replication.isStopped() : null,
    checkpoint,
    lastPull: trace.lastPull,
    lastChanges: trace.lastChanges,
    recent: trace.deviceEvents(),
    tasks,
    at: Date.now(),
  };
}

const ago = (at: number, now: number) => `-${((now - at) / 1000).toFixed(1)}s`;
const seqText = (seq: number | null | undefined) => (seq === null || seq === undefined ? '–' : String(seq));
const docText = (doc: DocState | null) => (doc ? `seq ${seqText(doc.seq)} @${doc.updatedAt}${doc.deleted ? ' deleted' : ''}` : 'none');
const batchText = (batch: TraceBatch | null, now: number) =>
  batch ? `${ago(batch.at, now)} ${seqText(batch.fromSeq)}→${seqText(batch.toSeq)} (${batch.documents} docs)` : 'none';

function eventText(event: TraceEvent, now: number, heldSeq: number | null): string {
  const parts = [ago(event.at, now), event.kind];
  if (event.kind === 'device') parts.push(event.note ?? '');
  else {
    if (event.seq !== undefined) parts.push(`seq ${seqText(event.seq)}`);
    if (event.assumedSeq !== undefined) parts.push(`assumed ${seqText(event.assumedSeq)}`);
    if (event.checkpointSeq !== undefined) parts.push(`ckpt ${seqText(event.checkpointSeq)}`);
    // A server state the device never took: RxDB skipped it (an unpushed change) or still holds it back.
    if ((event.kind === 'pulled' || event.kind === 'changes') && typeof event.seq === 'number' && (heldSeq ?? -1) < event.seq)
      parts.push('(not taken)');
    if (event.note) parts.push(`(${event.note})`);
  }
  return parts.join(' ');
}

/**
 * [CD1] The diagnosis as report lines: one for the device's engine, one per task with the store's state beside it
 * (`stored`: the store's copy by id).
 */
export function formatDiagnosis(diagnosis: DeviceDiagnosis, stored: ReadonlyMap<string, Task> = new Map()): string[] {
  const now = diagnosis.at;
  const yesNo = (value: boolean | null) => (value === null ? '?' : value ? 'yes' : 'no');
  const lines = [
    `[CD1] ${diagnosis.device}: ${diagnosis.running ? 'running' : 'not running'}, ${diagnosis.connection ?? 'no engine'}, ` +
      `pending ${diagnosis.pendingCount ?? '?'}, push in flight ${yesNo(diagnosis.pushInFlight)}, replication stopped ${yesNo(diagnosis.replicationStopped)}, ` +
      `tasks checkpoint ${diagnosis.checkpoint ? `seq ${diagnosis.checkpoint.seq}${diagnosis.checkpoint.generation ? ` gen ${diagnosis.checkpoint.generation}` : ''}` : 'none'}, ` +
      `last pull ${batchText(diagnosis.lastPull, now)}, last changes ${batchText(diagnosis.lastChanges, now)}; ` +
      `recent: ${diagnosis.recent.map((event) => eventText(event, now, null)).join(', ') || 'none'}`,
  ];
  for (const task of diagnosis.tasks) {
    const inStore = stored.get(task.id);
    lines.push(
      `[CD1] ${diagnosis.device} ${task.id}: store ${inStore ? docText(stateOf(inStore)) : 'none'}; ` +
        `device ${docText(task.fork)}; ` +
        `assumed master ${docText(task.assumedMaster)}; unpushed ${yesNo(task.unpushed)}; pending ${yesNo(task.pending)}; ` +
        `events: ${task.events.map((event) => eventText(event, now, task.fork?.seq ?? null)).join(', ') || 'none'}`,
    );
  }
  return lines;
}

/** How many differing tasks of each device a failed convergence diagnoses. */
export const DIAGNOSED_TASKS_PER_DEVICE = 3;

/**
 * [CD1] Report lines for the devices that still differed when a convergence gave up (`ids`: their differing tasks,
 * first ones diagnosed); a device that cannot answer says so instead.
 */
export async function diagnoseDevices(
  targets: readonly { device: Pick<DeviceHandle, 'name' | 'diagnose'>; ids: readonly string[] }[],
  stored: ReadonlyMap<string, Task>,
): Promise<string[]> {
  const reports = await Promise.all(
    targets.map(async ({ device, ids }) => {
      try {
        const diagnosis = await withTimeout(device.diagnose(ids.slice(0, DIAGNOSED_TASKS_PER_DEVICE)), 10_000, `${device.name} diagnose`);
        return formatDiagnosis(diagnosis, stored);
      } catch (error) {
        return [`[CD1] ${device.name}: no diagnosis (${error instanceof Error ? error.message : String(error)})`];
      }
    }),
  );
  return reports.flat();
}
