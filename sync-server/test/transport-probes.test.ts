import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { sleep, waitFor } from '@tasklane/testkit/sync-socket';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

/** Plain HTTP requests engine.io refuses: no query, long-polling (this server speaks WebSocket only), garbage. */
const PROBES: { method: string; path: string }[] = [
  { method: 'GET', path: '/socket.io/' },
  { method: 'GET', path: '/socket.io/?EIO=4&transport=polling' },
  { method: 'POST', path: '/socket.io/?EIO=4&transport=polling' },
  { method: 'GET', path: '/socket.io/?EIO=4&transport=websocket' },
  { method: 'GET', path: '/socket.io/?EIO=3&transport=polling&sid=nope' },
  { method: 'GET', path: '/socket.io/?EIO=999999999999&transport=%00%ff&j=%3Cscript%3E' },
  { method: 'GET', path: '/socket.io/?%zz&&==&transport' },
];

const ERROR_LEVEL = 50;
const INFO_LEVEL = 30;

describe('transport probes (real server process)', () => {
  const temp = makeTempDir('probes');
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ DATA_DIR: temp.dir, LOG_LEVEL: 'debug' });
    // Start-up prints one plain banner line for people; only what follows it is under test.
    await waitFor(() => server.output().includes('"msg":"Tasklane is running"'), 5000, 'the start-up log line');
  });
  afterAll(async () => {
    await server.stop();
    temp.remove();
  });

  it('[O7] a plain HTTP request to /socket.io/ gets engine.io 400 and at most one JSON log line below error level', async () => {
    const before = server.output().length;
    for (const { method, path } of PROBES) {
      const response = await fetch(`${server.url}${path}`, { method });
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      const body: unknown = await response.json();
      expect(body).toMatchObject({ code: expect.any(Number), message: expect.any(String) });
    }
    const plain = await fetch(`${server.url}/socket.io/`);
    expect(await plain.json()).toEqual({ code: 0, message: 'Transport unknown' });
    await sleep(300); // let the child's output arrive

    const lines = server.output().slice(before).split('\n').filter(Boolean);
    expect(lines.length).toBeLessThanOrEqual(PROBES.length + 1); // one line per request at most
    for (const line of lines) {
      let entry: { level?: unknown };
      try {
        entry = JSON.parse(line) as { level?: unknown };
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
      expect(typeof entry.level).toBe('number');
      expect(entry.level).toBeLessThan(ERROR_LEVEL);
      expect(entry.level).toBeLessThanOrEqual(INFO_LEVEL);
    }
  });
});
