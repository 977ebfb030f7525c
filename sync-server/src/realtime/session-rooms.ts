import { userRoom, type SyncServer } from './socket-types';

function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}

export type SessionRooms = {
  /** Disconnects every socket of one sign-in, on every instance (through the adapter, e.g. Redis) ([AU15]). */
  endSession(sessionId: string): void;
  /** Disconnects every socket of one user, whatever its sign-in, on every instance (account deletion, [AC17]). */
  endUser(userId: string): void;
};

/**
 * Each socket joins the room of the sign-in its access token was issued to, so that signing out (or a detected
 * refresh-token reuse) closes that sign-in's live sockets at once instead of when their access token expires.
 */
export function createSessionRooms(io: SyncServer): SessionRooms {
  io.on('connection', (socket) => {
    if (socket.data.sessionId !== undefined) void socket.join(sessionRoom(socket.data.sessionId));
  });
  return {
    endSession(sessionId) {
      io.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
    endUser(userId) {
      io.in(userRoom(userId)).disconnectSockets(true);
    },
  };
}
