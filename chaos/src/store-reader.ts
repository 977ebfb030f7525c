import type { AuthResult } from '@tasklane/shared/domain/auth-responses';
import type { Task } from '@tasklane/shared/domain/task';
import { api } from '@tasklane/testkit/api-client';
import { connectSocket } from '@tasklane/testkit/sync-socket';
import type { ChaosUser } from './chaos-device';

/**
 * What the store holds for a user, tombstones included: the protocol's own
 * `pull` from `null` until an empty page, straight to an instance (no relay).
 */
export async function readStore(serverUrl: string, user: ChaosUser): Promise<Task[]> {
  const login = await api(serverUrl, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
  if (login.status !== 200) throw new Error(`login for the store read failed: ${login.status} ${JSON.stringify(login.body)}`);
  const socket = await connectSocket(serverUrl, (login.body as AuthResult).accessToken);
  try {
    const byId = new Map<string, Task>();
    let checkpoint: { seq: number } | null = null;
    for (;;) {
      const ack = await socket.pull({ checkpoint, limit: 1000 });
      if (!ack.ok) throw new Error(`store pull failed: ${ack.error.code} ${ack.error.message}`);
      if (ack.data.documents.length === 0) return [...byId.values()];
      for (const doc of ack.data.documents) byId.set(doc.id, doc);
      checkpoint = ack.data.checkpoint;
    }
  } finally {
    socket.close();
  }
}
