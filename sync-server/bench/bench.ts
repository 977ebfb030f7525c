import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { Task } from '@tasklane/shared/domain/task';
import type { Ack } from '@tasklane/shared/protocol/ack';
import type { PullResponse } from '@tasklane/shared/protocol/pull';
import type { PushResponse } from '@tasklane/shared/protocol/push';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { createLogger } from '../src/logging/logger';
import { startServer, type RunningServer } from '../src/server';
import { createEmbeddedStore } from '../src/store/embedded-store';

type Row = { scenario: string; value: number; unit: string; detail: string };

function makeTask(title: string): Task {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    title,
    description: 'Benchmark task with a short description so rows have a realistic size.',
    status: 'todo',
    priority: 'medium',
    dueAt: null,
    tags: ['bench'],
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    _deleted: false,
  };
}

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], auth: { token, protocolVersion: PROTOCOL_VERSION }, forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function emit<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    socket.timeout(60_000).emit(event, payload, (error: Error | null, ack: Ack<T>) => {
      if (error) reject(error);
      else if (!ack.ok) reject(new Error(`${ack.error.code}: ${ack.error.message}`));
      else resolve(ack.data);
    });
  });
}

async function register(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `bench-${randomUUID()}@example.com`, password: 'benchmark password' }),
  });
  const body = (await response.json()) as { accessToken: string };
  return body.accessToken;
}

async function pushBatches(server: RunningServer, batches: number, batchSize: number): Promise<Row> {
  const socket = await connect(server.url, await register(server.url));
  const started = performance.now();
  for (let batch = 0; batch < batches; batch += 1) {
    const rows = Array.from({ length: batchSize }, (_, i) => ({ newDocumentState: makeTask(`batch ${batch} task ${i}`) }));
    await emit<PushResponse>(socket, 'push', { rows });
  }
  const seconds = (performance.now() - started) / 1000;
  socket.close();
  return { scenario: `push, 1 device, batches of ${batchSize}`, value: Math.round((batches * batchSize) / seconds), unit: 'docs/s', detail: `${batches * batchSize} docs in ${seconds.toFixed(2)} s` };
}

async function pushSingles(server: RunningServer, devices: number, pushesPerDevice: number): Promise<Row> {
  const tokens = await Promise.all(Array.from({ length: devices }, () => register(server.url)));
  const sockets = await Promise.all(tokens.map((token) => connect(server.url, token)));
  const started = performance.now();
  await Promise.all(
    sockets.map(async (socket, device) => {
      for (let i = 0; i < pushesPerDevice; i += 1) {
        await emit<PushResponse>(socket, 'push', { rows: [{ newDocumentState: makeTask(`device ${device} task ${i}`) }] });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const socket of sockets) socket.close();
  const total = devices * pushesPerDevice;
  return { scenario: `push, ${devices} devices, single docs`, value: Math.round(total / seconds), unit: 'docs/s', detail: `${total} docs in ${seconds.toFixed(2)} s, one user per device` };
}

async function fullPull(server: RunningServer, documents: number): Promise<Row> {
  const socket = await connect(server.url, await register(server.url));
  for (let written = 0; written < documents; written += 500) {
    const rows = Array.from({ length: Math.min(500, documents - written) }, (_, i) => ({ newDocumentState: makeTask(`pull ${written + i}`) }));
    await emit<PushResponse>(socket, 'push', { rows });
  }
  const started = performance.now();
  let checkpoint: PullResponse['checkpoint'] = null;
  let received = 0;
  for (;;) {
    const page: PullResponse = await emit<PullResponse>(socket, 'pull', { checkpoint, limit: 1000 });
    if (page.documents.length === 0) break;
    received += page.documents.length;
    checkpoint = page.checkpoint;
  }
  const seconds = (performance.now() - started) / 1000;
  socket.close();
  if (received !== documents) throw new Error(`pulled ${received} of ${documents}`);
  return { scenario: `full pull of ${documents} tasks from null`, value: Number(seconds.toFixed(3)), unit: 's', detail: `${Math.round(documents / seconds)} docs/s, pages of 1000` };
}

function printTable(rows: Row[]): void {
  const header = ['scenario', 'result', 'detail'];
  const lines = rows.map((row) => [row.scenario, `${row.value.toLocaleString('en-US')} ${row.unit}`, row.detail]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log(format(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tasklane-bench-'));
  const store = createEmbeddedStore({ dataDir });
  const server = await startServer({
    store,
    logger: createLogger('warn'),
    tokens: { accessSecret: randomUUID() + randomUUID(), refreshSecret: randomUUID() + randomUUID(), accessTtlSeconds: 3600, refreshTtlSeconds: 3600 },
    port: 0,
    host: '127.0.0.1',
    allowedOrigins: [],
  });
  const url = `http://127.0.0.1:${server.port}`;
  const running = { ...server, url };
  try {
    const rows: Row[] = [];
    rows.push(await pushBatches(running, 200, 100));
    rows.push(await pushSingles(running, 100, 50));
    rows.push(await fullPull(running, 10_000));
    console.log(`\nTasklane benchmark — embedded store (SQLite, synchronous=FULL), ${os.cpus().length} cores, Node ${process.version}\n`);
    printTable(rows);
    const resultsDir = path.resolve(__dirname, '../../bench/results');
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `bench-${new Date().toISOString().replaceAll(':', '-')}.json`);
    fs.writeFileSync(file, JSON.stringify({ machine: { cores: os.cpus().length, node: process.version }, rows }, null, 2));
    console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
