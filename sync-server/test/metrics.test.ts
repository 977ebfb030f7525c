import { api, registerUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket } from '@tasklane/testkit/sync-socket';

function sample(metrics: string, pattern: RegExp): number {
  const line = metrics.split('\n').find((candidate) => pattern.test(candidate));
  if (!line) throw new Error(`no metric line matches ${pattern}`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('/metrics (Prometheus)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('[MT1] exposes HTTP, socket, sync, conflict, store and process metrics with sane values after traffic', async () => {
    const user = await registerUser(server.url);
    await api(server.url, 'POST', '/api/tasks', { token: user.accessToken, body: { title: 'counted' } });
    const socket = await connectSocket(server.url, user.accessToken);
    const task = makeTask();
    await socket.push({ rows: [{ newDocumentState: task }] });
    await socket.push({ rows: [{ newDocumentState: { ...task, title: 'blind overwrite' } }] });
    await socket.pull({ checkpoint: null, limit: 100 });

    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const metrics = await response.text();
    socket.close();

    expect(sample(metrics, /^http_request_duration_seconds_count\{.*route="\/api\/tasks".*method="POST".*status="201"/)).toBe(1);
    expect(sample(metrics, /^http_request_duration_seconds_count\{.*route="\/api\/auth\/register".*status="201"/)).toBe(1);
    expect(sample(metrics, /^sync_connected_sockets /)).toBe(1);
    expect(sample(metrics, /^sync_operations_total\{operation="push",outcome="ok"\}/)).toBe(3);
    expect(sample(metrics, /^sync_operations_total\{operation="pull",outcome="ok"\}/)).toBe(1);
    expect(sample(metrics, /^sync_documents_total\{kind="conflict"\}/)).toBe(1);
    expect(sample(metrics, /^sync_documents_total\{kind="written"\}/)).toBe(2);
    expect(sample(metrics, /^sync_documents_total\{kind="pulled"\}/)).toBe(2);
    expect(sample(metrics, /^sync_operation_duration_seconds_count\{operation="push"\}/)).toBe(3);
    expect(sample(metrics, /^store_operation_duration_seconds_count\{operation="applyPush",outcome="ok"\}/)).toBe(3);
    expect(sample(metrics, /^process_cpu_seconds_total /)).toBeGreaterThan(0);
    expect(sample(metrics, /^nodejs_heap_size_used_bytes /)).toBeGreaterThan(1_000_000);
  });
});
