import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { WebSocket } from 'ws';
import { freePort } from '@tasklane/testkit/free-port';

export type PeerServer = { url: string; pid: number; stop(): Promise<void> };

export async function startPeerServer(): Promise<PeerServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.resolve(__dirname, 'peer-server.js')], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`peer did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('peer listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`peer exited with ${code}:\n${output}`)));
  });
  return {
    url: `ws://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

type StreamEvent = { documents: { id: string }[]; checkpoint: unknown };

/** A raw client of RxDB's websocket replication protocol (what replicateWithWebsocketServer sends). */
export type PeerSocket = {
  call<T>(method: 'masterWrite' | 'masterChangesSince', params: unknown[]): Promise<T>;
  subscribeStream(onEvent: (event: StreamEvent) => void): void;
  close(): void;
};

export function connectPeer(url: string): Promise<PeerSocket> {
  const ws = new WebSocket(url);
  let counter = 0;
  const waiting = new Map<string, (result: unknown) => void>();
  const streamListeners: ((event: StreamEvent) => void)[] = [];
  ws.on('message', (raw) => {
    // The default binaryType ('nodebuffer') delivers every message as one Buffer.
    const message = JSON.parse((raw as Buffer).toString()) as { id: string; result: unknown };
    if (message.id === 'stream') {
      for (const listener of streamListeners) listener(message.result as StreamEvent);
      return;
    }
    const resolve = waiting.get(message.id);
    waiting.delete(message.id);
    resolve?.(message.result);
  });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        call<T>(method: string, params: unknown[]) {
          const id = `r${(counter += 1)}`;
          return new Promise<T>((done) => {
            waiting.set(id, done as (result: unknown) => void);
            ws.send(JSON.stringify({ id, collection: 'tasks', method, params }));
          });
        },
        subscribeStream(onEvent) {
          streamListeners.push(onEvent);
          ws.send(JSON.stringify({ id: 'stream', collection: 'tasks', method: 'masterChangeStream$', params: [] }));
        },
        close: () => ws.close(),
      }),
    );
  });
}
