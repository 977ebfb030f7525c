import type { ChaosUser } from './chaos-device';
import type { OperationDraws } from './device-operations';

/** Parent → device-host child. Each request gets one `HostReply` with the same id. */
export type HostRequest = { id: number } & (
  | { type: 'add'; index: number; name: string; user: ChaosUser; serverUrl: string; idPrefix: string }
  | { type: 'start' | 'stopSync' | 'crash' | 'allDocuments' | 'allLists' | 'counters' | 'close' | 'arm' | 'disarm'; index: number }
  | { type: 'apply'; index: number; draws: OperationDraws; step: number }
  | { type: 'loseAckThenUndo'; index: number; targetDraw: number; step: number }
  | { type: 'settle'; index: number; timeoutMs: number }
  | { type: 'diagnose'; index: number; ids: string[] }
  | { type: 'attempts' | 'undos' | 'completions' }
);

export type HostReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Child → parent, unasked: an armed device emitted a push. */
export type HostEvent = { type: 'pushed'; index: number };
