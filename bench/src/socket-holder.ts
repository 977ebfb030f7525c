import { fork, type ChildProcess } from 'node:child_process';
import { requestChild } from './child-request';
import { connectPeer } from './peer-driver';
import { connectRawTasklane } from './raw-tasklane-socket';

/** What to hold: Tasklane sockets (one per token) or peer clients subscribed to the change stream. */
export type HoldRequest = { system: 'tasklane'; url: string; tokens: string[] } | { system: 'peer'; url: string; count: number };

type ToHolder = { hold: HoldRequest } | { report: true };
type FromHolder = { ready: number } | { received: number } | { error: string };

const HOLDER_FLAG = '--socket-holder';
const PARALLEL = 100;

export const isSocketHolder = () => process.argv.includes(HOLDER_FLAG);

/**
 * Background sockets live in their own process: 100 sockets of one user each decode every change, and in the
 * load generator that decoding would delay the reader's own callback, timing the client instead of the server.
 * On both systems they are raw WebSocket clients that JSON.parse each message (raw-tasklane-socket.ts, peer-driver.ts).
 */
export type SocketHolder = {
  /** Documents received by all held sockets together (each socket counts every document it got). */
  received(): Promise<number>;
  close(): Promise<void>;
};

function request<T extends FromHolder>(child: ChildProcess, message: ToHolder, accept: (reply: FromHolder) => reply is T): Promise<T> {
  return requestChild(child, message, accept, 'socket holder');
}

export async function holdSockets(hold: HoldRequest): Promise<SocketHolder> {
  const child = fork(process.argv[1]!, [HOLDER_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await request(child, { hold }, (reply): reply is { ready: number } => 'ready' in reply);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    async received() {
      return (await request(child, { report: true }, (reply): reply is { received: number } => 'received' in reply)).received;
    },
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function connectAll<T>(count: number, connect: (index: number) => Promise<T>): Promise<T[]> {
  const held: T[] = [];
  for (let start = 0; start < count; start += PARALLEL) {
    const group = Array.from({ length: Math.min(PARALLEL, count - start) }, (_, i) => connect(start + i));
    held.push(...(await Promise.all(group)));
  }
  return held;
}

/** The child side: connects what it is asked to, counts what arrives, answers reports, closes on SIGTERM. */
export function runSocketHolder(): void {
  let received = 0;
  const held: { close(): void }[] = [];
  const send = (message: FromHolder) => process.send!(message);

  process.on('message', (message: ToHolder) => {
    if ('report' in message) return send({ received });
    const { hold } = message;
    const connecting: Promise<{ close(): void }[]> =
      hold.system === 'tasklane'
        ? connectAll(hold.tokens.length, async (index) => {
            const socket = await connectRawTasklane(hold.url, hold.tokens[index]!);
            socket.onChanges((event) => (received += event.documents.length));
            return socket;
          })
        : connectAll(hold.count, async () => {
            const socket = await connectPeer(hold.url);
            socket.subscribeStream((event) => (received += event.documents.length));
            return socket;
          });
    connecting.then(
      (sockets) => {
        held.push(...sockets);
        send({ ready: held.length });
      },
      (error: unknown) => send({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on('SIGTERM', () => {
    for (const socket of held) socket.close();
    process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
}
