import { fork, type ChildProcess } from 'node:child_process';
import { requestChild } from './child-request';
import { connectRawTasklane } from './raw-tasklane-socket';

/** One member socket to hold: its server, its user's token, and the group its arrivals are timed in (the instance). */
export type MemberSocket = { url: string; token: string; group: number };

/** Per document: how many held sockets received it, and the latest arrival per group (`process.hrtime` in ns). */
export type Arrival = { id: string; count: number; lastNs: number[] };

type ToHolder = { hold: MemberSocket[] } | { report: true };
type FromHolder = { ready: number } | { arrivals: Arrival[] } | { error: string };

const HOLDER_FLAG = '--shared-fan-out-holder';
const PARALLEL = 100;

export const isSharedFanOutHolder = () => process.argv.includes(HOLDER_FLAG);

export type FanOutHolder = { arrivals(): Promise<Map<string, Arrival>>; close(): Promise<void> };

function request<T extends FromHolder>(child: ChildProcess, message: ToHolder, accept: (reply: FromHolder) => reply is T): Promise<T> {
  return requestChild(child, message, accept, 'fan-out holder');
}

/**
 * The member sockets of the shared fan-out scenario live in their own process, as the latency scenario's background
 * sockets do (socket-holder.ts), so the writer's process times the servers. Arrivals are stamped with
 * `process.hrtime`, the system's monotonic clock, which the writer's process reads too: no clock skew between them.
 */
export async function holdMemberSockets(sockets: MemberSocket[]): Promise<FanOutHolder> {
  const child = fork(process.argv[1]!, [HOLDER_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await request(child, { hold: sockets }, (reply): reply is { ready: number } => 'ready' in reply);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    async arrivals() {
      const reply = await request(child, { report: true }, (answer): answer is { arrivals: Arrival[] } => 'arrivals' in answer);
      return new Map(reply.arrivals.map((arrival) => [arrival.id, arrival]));
    },
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A lean raw client (raw-tasklane-socket.ts) that reports each document id it gets. */
async function connectMember(socket: MemberSocket, onDocument: (id: string, group: number) => void): Promise<{ close(): void }> {
  const client = await connectRawTasklane(socket.url, socket.token);
  client.onChanges((event) => {
    for (const document of event.documents) onDocument(document.id, socket.group);
  });
  return client;
}

/** The child side: connects the member sockets, records arrivals, answers reports, closes on SIGTERM. */
export function runSharedFanOutHolder(): void {
  const arrivals = new Map<string, Arrival>();
  const held: { close(): void }[] = [];
  const send = (message: FromHolder) => process.send!(message);
  const onDocument = (id: string, group: number) => {
    const now = Number(process.hrtime.bigint());
    let arrival = arrivals.get(id);
    if (!arrival) arrivals.set(id, (arrival = { id, count: 0, lastNs: [] }));
    arrival.count += 1;
    arrival.lastNs[group] = Math.max(arrival.lastNs[group] ?? 0, now);
  };

  process.on('message', (message: ToHolder) => {
    if ('report' in message) return send({ arrivals: [...arrivals.values()] });
    const connectAll = async () => {
      for (let start = 0; start < message.hold.length; start += PARALLEL) {
        const group = message.hold.slice(start, start + PARALLEL);
        held.push(...(await Promise.all(group.map((socket) => connectMember(socket, onDocument)))));
      }
    };
    connectAll().then(
      () => send({ ready: held.length }),
      (error: unknown) => send({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on('SIGTERM', () => {
    for (const socket of held) socket.close();
    process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
}
