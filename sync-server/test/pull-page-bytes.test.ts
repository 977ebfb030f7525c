import type { StoredTask } from '@tasklane/shared/domain/task';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import { TASK_LIMITS } from '@tasklane/shared/domain/task-fields';
import { registerUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, type TestSocket } from '@tasklane/testkit/sync-socket';
import { capPageBytes } from '../src/sync/pull-page';

const TASKS = 1000;
const PUSH_ROWS = 200;

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

describe('pull pages bounded in bytes [P5]', () => {
  let server: TestServer;
  let socket: TestSocket;

  beforeAll(async () => {
    server = await startTestServer();
    const user = await registerUser(server.url);
    socket = await connectSocket(server.url, user.accessToken);
    // Two bytes per character in UTF-8: a page is measured in bytes, not characters.
    const description = 'é'.repeat(TASK_LIMITS.descriptionMaxLength);
    for (let start = 0; start < TASKS; start += PUSH_ROWS) {
      const rows = Array.from({ length: PUSH_ROWS }, (_, i) => ({
        newDocumentState: makeTask({ title: `task ${start + i}`, description }),
      }));
      const ack = await socket.push({ rows });
      if (!ack.ok) throw new Error(`push failed: ${JSON.stringify(ack.error)}`);
    }
  }, 60_000);
  afterAll(async () => {
    socket.close();
    await server.close();
  });

  it('[P5] 1,000 tasks with long descriptions come in pages of at most 1 MiB of JSON, and paging to the end returns every one', async () => {
    const seen = new Set<string>();
    const pageBytes: number[] = [];
    let checkpoint: Checkpoint | null = null;
    for (;;) {
      const ack = await socket.pull({ checkpoint, limit: PROTOCOL_LIMITS.pullMaxLimit });
      if (!ack.ok) throw new Error(`pull failed: ${JSON.stringify(ack.error)}`);
      const { documents } = ack.data;
      if (documents.length === 0) {
        expect(ack.data.checkpoint).toEqual(checkpoint);
        break;
      }
      pageBytes.push(jsonBytes(documents));
      expect(ack.data.checkpoint).toMatchObject({ seq: documents[documents.length - 1]!.seq });
      for (const document of documents) seen.add(document.id);
      checkpoint = ack.data.checkpoint;
    }
    expect(seen.size).toBe(TASKS);
    expect(pageBytes.length).toBeGreaterThan(1);
    for (const bytes of pageBytes) expect(bytes).toBeLessThanOrEqual(PROTOCOL_LIMITS.pullPageMaxBytes);
  }, 60_000);

  it('[P5] a single document larger than the cap goes alone, and the next page starts after it', () => {
    const documents: StoredTask[] = [1, 2, 3].map((seq) => ({ ...makeTask({ description: 'x'.repeat(seq === 2 ? 5000 : 10) }), seq }));
    const maxBytes = jsonBytes([documents[0]]) + 1000;
    expect(capPageBytes(documents, maxBytes)).toEqual([documents[0]]);
    expect(capPageBytes(documents.slice(1), maxBytes)).toEqual([documents[1]]);
    expect(capPageBytes(documents.slice(2), maxBytes)).toEqual([documents[2]]);
    expect(capPageBytes(documents, jsonBytes(documents))).toEqual(documents);
    expect(capPageBytes(documents, jsonBytes(documents) - 1)).toEqual(documents.slice(0, 2));
  });
});
