import { io, type Socket } from 'socket.io-client';
import type { Ack } from '@tasklane/shared/protocol/ack';
import type { ChangesEvent } from '@tasklane/shared/protocol/changes';
import type { PullResponse } from '@tasklane/shared/protocol/pull';
import type { PushResponse } from '@tasklane/shared/protocol/push';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';

export type TestSocket = {
  socket: Socket;
  changes: ChangesEvent[];
  pull(payload: unknown): Promise<Ack<PullResponse>>;
  push(payload: unknown): Promise<Ack<PushResponse>>;
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
  const changes: ChangesEvent[] = [];
  socket.on('changes', (event: ChangesEvent) => changes.push(event));
  const emit = <T>(event: string, payload: unknown) =>
    new Promise<Ack<T>>((resolve, reject) => {
      socket.timeout(10_000).emit(event, payload, (error: Error | null, ack: Ack<T>) => (error ? reject(error) : resolve(ack)));
    });
  return new Promise((resolve, reject) => {
    socket.once('connect', () =>
      resolve({
        socket,
        changes,
        pull: (p) => emit<PullResponse>('pull', p),
        push: (p) => emit<PushResponse>('push', p),
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
