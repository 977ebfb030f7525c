import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';

/**
 * A Tasklane client as lean as the peer's raw clients: a bare WebSocket speaking socket.io's wire format by hand
 * (engine.io `0` open, `2`/`3` ping/pong; socket.io `40` connect, `44` connect error, `42` event), decoding each
 * event with one JSON.parse. Background sockets use it on both systems' side, so each load generator does the same
 * work per message and the comparison times the servers.
 */
export function connectRawTasklane(url: string, token: string, onDocuments: (count: number) => void): Promise<{ close(): void }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  return new Promise((resolve, reject) => {
    ws.on('message', (raw) => {
      // The default binaryType ('nodebuffer') delivers every message as one Buffer.
      const text = (raw as Buffer).toString();
      if (text.startsWith('42')) {
        const [event, payload] = JSON.parse(text.slice(2)) as [string, { documents?: unknown[] }];
        if (event === 'changes') onDocuments(payload.documents?.length ?? 0);
      } else if (text === '2') ws.send('3');
      else if (text.startsWith('0')) ws.send(`40${JSON.stringify({ token, protocolVersion: PROTOCOL_VERSION })}`);
      else if (text.startsWith('40')) resolve({ close: () => ws.close() });
      else if (text.startsWith('44')) {
        ws.close();
        reject(new Error(`handshake refused: ${text.slice(2)}`));
      }
    });
    ws.once('error', reject);
  });
}
