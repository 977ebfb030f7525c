import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@tasklane/shared/protocol/events';

export type InterServerEvents = Record<string, never>;
export type SocketData = { userId: string; tokenExpiresAtMs: number };

export type SyncServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type SyncSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export function userRoom(userId: string): string {
  return `user:${userId}`;
}
