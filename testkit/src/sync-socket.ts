import { io, type Socket } from 'socket.io-client';
import type { StoredTask } from '@tasklane/shared/domain/task';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import type { Ack } from '@tasklane/shared/protocol/ack';
import type { ChangesEvent } from '@tasklane/shared/protocol/changes';
import type { ServerCheckpoint } from '@tasklane/shared/protocol/checkpoint';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';

/** A `changes` event of tasks, or of lists, with its documents typed. */
export type TaskChangesEvent = Omit<ChangesEvent, 'collection' | 'documents'> & { collection: 'tasks'; documents: StoredTask[] };
export type ListChangesEvent = Omit<ChangesEvent, 'collection' | 'documents'> & { collection: 'lists'; documents: StoredTaskList[] };
export type PullAnswer<D> = { documents: D[]; checkpoint: ServerCheckpoint | null };

export type TestSocket = {
  socket: Socket;
  /** The `changes` events of tasks received, in arrival order. */
  changes: TaskChangesEvent[];
  /** The `changes` events of lists received, in arrival order. */
  listChanges: ListChangesEvent[];
  /** Every `changes` event received, of any collection, in arrival order. */
  allChanges: ChangesEvent[];
  /** Emits `pull` with the payload as given; the answer is typed as a pull of tasks (a payload without `collection`). */
  pull(payload: unknown): Promise<Ack<PullAnswer<StoredTask>>>;
  /** Emits `pull` with `collection: 'lists'` added to the payload. */
  pullLists(payload: object): Promise<Ack<PullAnswer<StoredTaskList>>>;
  /** Emits `push` with the payload as given; the answer is typed as a push of tasks. */
  push(payload: unknown): Promise<Ack<{ conflicts: StoredTask[] }>>;
  /** Emits `push` with `collection: 'lists'` added to the payload. */
  pushLists(payload: object): Promise<Ack<{ conflicts: StoredTaskList[] }>>;
  close(): void;
};

/** Connects like a client would; rejects with the `connect_error` when the handshake fails. */
export function connectSocket(baseUrl: string, token: string | undefined, protocolVersion = PROTOCOL_VERSION): Promise<TestSocket> {
  const socket = io(baseUrl, {
    transports: ['websocket'],
    auth: token === undefined ? { protocolVersion } : { token, protocolVersion },
    reconnection: false,
    forceNew: true,
  });
  const changes: TaskChangesEvent[] = [];
  const listChanges: ListChangesEvent[] = [];
  const allChanges: ChangesEvent[] = [];
  socket.on('changes', (event: ChangesEvent) => {
    allChanges.push(event);
    if (event.collection === 'lists') listChanges.push(event as ListChangesEvent);
    else changes.push(event as TaskChangesEvent);
  });
  const emit = <T>(event: string, payload: unknown) =>
    new Promise<Ack<T>>((resolve, reject) => {
      socket.timeout(10_000).emit(event, payload, (error: Error | null, ack: Ack<T>) => (error ? reject(error) : resolve(ack)));
    });
  return new Promise((resolve, reject) => {
    socket.once('connect', () =>
      resolve({
        socket,
        changes,
        listChanges,
        allChanges,
        pull: (payload) => emit('pull', payload),
        pullLists: (payload) => emit('pull', { ...payload, collection: 'lists' }),
        push: (payload) => emit('push', payload),
        pushLists: (payload) => emit('push', { ...payload, collection: 'lists' }),
        close: () => socket.close(),
      }),
    );
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Polls `condition` (sync, or async such as a read from a database or a server) until it holds. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
