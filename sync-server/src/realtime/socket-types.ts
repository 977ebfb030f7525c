import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@tasklane/shared/protocol/events';

export type InterServerEvents = Record<string, never>;
/** `sessionId`: the sign-in (refresh-token family) of the access token, absent in tokens from older servers ([AU15]). */
export type SocketData = { userId: string; tokenExpiresAtMs: number; sessionId?: string };

export type SyncServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type SyncSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Every socket of a user: joined on admission (socket-limits.ts), counted there ([AB1]), and where `changes` go. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}
