import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Step =
  | { http: string; headers?: Record<string, string>; body?: Json; status: number; response: Json }
  | { connect: { auth: Json } }
  | { emit: 'pull' | 'push'; payload: Json; ack: Json }
  | { receive: 'changes'; payload: Json };

const PLACEHOLDER = /<([A-Za-z]+)>/g;

/** The JSON block that follows the [WX1] rule in docs/protocol.md: the doc's own example, replayed as is. */
function transcriptFromDocs(): Step[] {
  const markdown = readFileSync(join(__dirname, '../../docs/protocol.md'), 'utf8');
  const rule = markdown.indexOf('**[WX1]**');
  const block = /```json\n([\s\S]*?)```/.exec(markdown.slice(rule));
  if (rule === -1 || !block) throw new Error('docs/protocol.md has no [WX1] transcript');
  return JSON.parse(block[1]!) as Step[];
}

/** Puts every bound `<name>` into what the client sends. */
function fill(value: Json, bound: Map<string, string>): Json {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (whole, name: string) => {
      const found = bound.get(name);
      if (found === undefined) throw new Error(`${whole} is sent before the server gave it`);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, bound));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, bound)]));
  return value;
}

/**
 * Compares a real answer with the documented one: equal everywhere, except that a documented "<name>" matches
 * any string the first time (an id or token the server chose) and that same string afterwards.
 */
function expectMatches(actual: unknown, documented: Json, bound: Map<string, string>, where: string): void {
  if (typeof documented === 'string' && /^<[A-Za-z]+>$/.test(documented)) {
    const name = documented.slice(1, -1);
    expect({ where, type: typeof actual }).toEqual({ where, type: 'string' });
    if (!bound.has(name)) bound.set(name, actual as string);
    expect({ where, value: actual }).toEqual({ where, value: bound.get(name) });
    return;
  }
  if (documented !== null && typeof documented === 'object') {
    expect({ where, isArray: Array.isArray(actual), isObject: typeof actual === 'object' && actual !== null }).toEqual({
      where,
      isArray: Array.isArray(documented),
      isObject: true,
    });
    const actualObject = actual as Record<string, unknown>;
    expect({ where, keys: Object.keys(actualObject).sort() }).toEqual({ where, keys: Object.keys(documented).sort() });
    for (const [key, item] of Object.entries(documented)) expectMatches(actualObject[key], item, bound, `${where}.${key}`);
    return;
  }
  expect({ where, value: actual }).toEqual({ where, value: documented });
}

describe('the wire transcript of docs/protocol.md (real server on port 0)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('[WX1] [CO2] register, connect, push a list and a task, changes, pull, a conflict and its resolution happen exactly as documented', async () => {
    const steps = transcriptFromDocs();
    const bound = new Map<string, string>();
    let socket: TestSocket | undefined;
    let changesSeen = 0;
    try {
      for (const [index, step] of steps.entries()) {
        const where = `step ${index + 1}`;
        if ('http' in step) {
          const [method, path] = step.http.split(' ') as [string, string];
          const authorization = step.headers?.authorization;
          const response = await api(server.url, method, fill(path, bound) as string, {
            ...(authorization ? { token: (fill(authorization, bound) as string).replace(/^Bearer /, '') } : {}),
            ...(step.body === undefined ? {} : { body: fill(step.body, bound) }),
          });
          expect({ where, status: response.status }).toEqual({ where, status: step.status });
          expectMatches(response.body, step.response, bound, where);
        } else if ('connect' in step) {
          const auth = fill(step.connect.auth, bound) as { token: string; protocolVersion: number };
          socket = await connectSocket(server.url, auth.token, auth.protocolVersion);
        } else if ('emit' in step) {
          if (!socket) throw new Error(`${where}: emit before connect`);
          const payload = fill(step.payload, bound);
          const ack = step.emit === 'pull' ? await socket.pull(payload) : await socket.push(payload);
          expectMatches(ack, step.ack, bound, where);
        } else {
          const listening = socket;
          if (!listening) throw new Error(`${where}: receive before connect`);
          await waitFor(() => listening.allChanges.length > changesSeen, 5000, `${where}: changes`);
          expectMatches(listening.allChanges[changesSeen], step.payload, bound, where);
          changesSeen += 1;
        }
      }
      expect(socket?.allChanges.length).toBe(changesSeen);
    } finally {
      socket?.close();
    }
  });
});
