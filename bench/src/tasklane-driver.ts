import type { Ack } from '@tasklane/shared/protocol/ack';
import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import type { PushResponse } from '@tasklane/shared/protocol/push';
import { benchTask } from './bench-task';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { connectSocket, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { connectRawTasklane, type RawTasklaneSocket } from './raw-tasklane-socket';

/** Limits out of the way: the benchmark measures the sync path, not the throttles. */
export const UNTHROTTLED = {
  RATE_LIMIT_AUTH: '1000000',
  RATE_LIMIT_API: '1000000',
  RATE_LIMIT_SOCKET: '1000000',
  RATE_LIMIT_HANDSHAKE: '1000000',
  MAX_SOCKETS_PER_USER: '1000000',
  LOG_LEVEL: 'error',
};

export type TasklaneCluster = { instances: ServerProcess[]; stop(): Promise<void> };

/** `count` real server processes sharing one embedded store (and Redis when given). */
export async function startTasklane(count: number, redisUrl?: string): Promise<TasklaneCluster> {
  const temp = makeTempDir('bench');
  const instances: ServerProcess[] = [];
  for (let i = 0; i < count; i += 1) {
    instances.push(await startServerProcess({ DATA_DIR: temp.dir, ...UNTHROTTLED, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) }));
  }
  return {
    instances,
    async stop() {
      await Promise.all(instances.map((instance) => instance.stop()));
      temp.remove();
    },
  };
}

export async function registerUsers(url: string, count: number): Promise<RegisteredUser[]> {
  const users: RegisteredUser[] = [];
  for (let i = 0; i < count; i += 1) users.push(await registerUser(url));
  return users;
}

/** Opens sockets in parallel groups, so thousands connect in seconds. */
/** Connects one socket per token, `parallel` handshakes at a time. */
async function connectInGroups<S>(tokens: string[], parallel: number, connect: (token: string) => Promise<S>): Promise<S[]> {
  const sockets: S[] = [];
  for (let start = 0; start < tokens.length; start += parallel) {
    sockets.push(...(await Promise.all(tokens.slice(start, start + parallel).map(connect))));
  }
  return sockets;
}

export function connectMany(url: string, tokens: string[], parallel = 100): Promise<TestSocket[]> {
  return connectInGroups(tokens, parallel, (token) => connectSocket(url, token));
}

/** Lean clients for the timed sockets (raw-tasklane-socket.ts). */
export function connectRawMany(url: string, tokens: string[], parallel = 100): Promise<RawTasklaneSocket[]> {
  return connectInGroups(tokens, parallel, (token) => connectRawTasklane(url, token));
}

export function unwrap<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** One user with `count` tasks on the server, written over the socket in pushes of `batch`. */
export async function seedUserWithTasks(url: string, count: number, batch = 500): Promise<RegisteredUser> {
  const [user] = await registerUsers(url, 1);
  const [socket] = await connectMany(url, [user!.accessToken]);
  for (let written = 0; written < count; written += batch) {
    const rows = Array.from({ length: Math.min(batch, count - written) }, (_, i) => ({
      newDocumentState: benchTask(`seed ${written + i}`),
    }));
    unwrap<PushResponse>(await socket!.push({ rows }));
  }
  socket!.close();
  return user!;
}
