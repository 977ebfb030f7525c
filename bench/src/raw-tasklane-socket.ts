import { WebSocket } from 'ws';
import type { Ack } from '@tasklane/shared/protocol/ack';
import type { ChangesEvent } from '@tasklane/shared/protocol/changes';
import type { PushResponse } from '@tasklane/shared/protocol/push';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';

export type RawTasklaneSocket = {
  /** A push with an acknowledgement (socket.io `42<id>["push",…]`, answered by `43<id>[ack]`). */
  push(request: { rows: unknown[] }): Promise<Ack<PushResponse>>;
  onChanges(listener: (event: ChangesEvent) => void): void;
  close(): void;
};

/**
 * A Tasklane client as lean as the peer's raw clients (peer-driver.ts): a bare WebSocket speaking socket.io's wire
 * format by hand (engine.io `0` open, `2`/`3` ping/pong; socket.io `40` connect, `44` connect error, `42` event, `43`
 * acknowledgement), decoding each message with one JSON.parse. Every socket of the load generator uses it on both
 * systems' side, so each does the same work per message and the comparison times the servers, not socket.io-client.
 */
export function connectRawTasklane(url: string, token: string): Promise<RawTasklaneSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const listeners: ((event: ChangesEvent) => void)[] = [];
  const waiting = new Map<number, (ack: Ack<PushResponse>) => void>();
  let nextId = 0;
  const client: RawTasklaneSocket = {
    push(request) {
      const id = (nextId += 1);
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        ws.send(`42${id}${JSON.stringify(['push', request])}`);
      });
    },
    onChanges: (listener) => listeners.push(listener),
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    ws.on('message', (raw) => {
      // The default binaryType ('nodebuffer') delivers every message as one Buffer.
      const text = (raw as Buffer).toString();
      if (text.startsWith('42')) {
        const [event, payload] = JSON.parse(text.slice(2)) as [string, ChangesEvent];
        if (event === 'changes') for (const listener of listeners) listener(payload);
      } else if (text.startsWith('43')) {
        const bracket = text.indexOf('[');
        const id = Number(text.slice(2, bracket));
        const [ack] = JSON.parse(text.slice(bracket)) as [Ack<PushResponse>];
        const resolveAck = waiting.get(id);
        waiting.delete(id);
        resolveAck?.(ack);
      } else if (text === '2') ws.send('3');
      else if (text.startsWith('0')) ws.send(`40${JSON.stringify({ token, protocolVersion: PROTOCOL_VERSION })}`);
      else if (text.startsWith('40')) resolve(client);
      else if (text.startsWith('44')) {
        ws.close();
        reject(new Error(`handshake refused: ${text.slice(2)}`));
      }
    });
    ws.once('error', reject);
  });
}
