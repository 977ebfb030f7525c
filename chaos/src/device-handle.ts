import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { PushAttempt } from './ack-ledger';
import type { UndoExpectation } from './lost-undos';
import type { CompletionRecord } from './recurring-completions';
import type { ChaosDevice, ChaosUser } from './chaos-device';
import type { DeviceDiagnosis } from './convergence-diagnosis';
import type { DeviceLink } from './device-link';
import { applyOperation, operationKind, type OperationDraws, type OperationOutcome } from './device-operations';

export type DeviceCounters = ChaosDevice['counters'];

/**
 * What the orchestrator holds of a device: the device itself (in this
 * process) or a stand-in for one in a device-host child process (RxDB's free
 * version opens at most ~16 collections per process, one per device).
 */
export type DeviceHandle = {
  name: string;
  user: ChaosUser;
  link: DeviceLink;
  readonly running: boolean;
  /** Called once with the next push the device emits, then cleared. */
  onPush: ((device: DeviceHandle) => void) | null;
  start(): Promise<void>;
  stopSync(): Promise<void>;
  crash(): Promise<void>;
  apply(draws: OperationDraws, step: number): Promise<OperationOutcome>;
  /** [LE1] Edit, drop the acknowledgement of its push, undo; true when staged. */
  loseAckThenUndo(targetDraw: number, step: number): Promise<boolean>;
  /** RESYNC, then wait until replication is idle and in sync. */
  settle(timeoutMs: number): Promise<void>;
  allDocuments(): Promise<Task[]>;
  allLists(): Promise<TaskList[]>;
  counters(): Promise<DeviceCounters>;
  /** [CD1] Why the device may differ from the store: its engine, and its replication's view and history of `ids`. */
  diagnose(ids: readonly string[]): Promise<DeviceDiagnosis>;
  close(): Promise<void>;
};

/** The devices of a run and every push row they sent. */
export type DeviceHost = {
  handles: DeviceHandle[];
  attempts(): Promise<PushAttempt[]>;
  undos(): Promise<UndoExpectation[]>;
  completions(): Promise<CompletionRecord[]>;
  close(): Promise<void>;
};

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one operation; a device that crashed under it simply did nothing. */
export async function applyOnDevice(device: ChaosDevice, draws: OperationDraws, step: number): Promise<OperationOutcome> {
  const crashesBefore = device.counters.crashes;
  try {
    return await applyOperation(device, draws, step);
  } catch (error) {
    if (device.counters.crashes === crashesBefore && device.tasks) throw error;
    return { kind: operationKind(draws), done: false };
  }
}

export async function settleDevice(device: ChaosDevice, timeoutMs: number): Promise<void> {
  const engine = device.engine;
  if (!engine) throw new Error(`${device.name} has no running engine`);
  engine.replication.reSync();
  await withTimeout(engine.awaitInSync(), timeoutMs, `${device.name} awaitInSync`);
}

/** A handle on a device living in this process. */
export function localHandle(device: ChaosDevice, link: DeviceLink): DeviceHandle {
  const handle: DeviceHandle = {
    name: device.name,
    user: device.user,
    link,
    get running() {
      return device.running;
    },
    get onPush() {
      return device.onPush ? (device.onPush as unknown as DeviceHandle['onPush']) : null;
    },
    set onPush(callback) {
      device.onPush = callback
        ? () => {
            device.onPush = null;
            callback(handle);
          }
        : null;
    },
    start: () => device.start(),
    stopSync: () => device.stopSync(),
    crash: () => device.crash(),
    apply: (draws, step) => applyOnDevice(device, draws, step),
    loseAckThenUndo: async (targetDraw, step) => (await device.loseAckThenUndo(targetDraw, step)) !== null,
    settle: (timeoutMs) => settleDevice(device, timeoutMs),
    allDocuments: () => device.allDocuments(),
    allLists: () => device.allLists(),
    counters: () => Promise.resolve({ ...device.counters }),
    diagnose: (ids) => device.diagnose(ids),
    close: () => device.close(),
  };
  return handle;
}
