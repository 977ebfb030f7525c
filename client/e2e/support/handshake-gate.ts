import type { Page } from 'playwright-core';
import { MIN_SUPPORTED_PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';

export type HandshakeGate = {
  /** While on, every new sync socket of the page meets a server that finds the app too old. */
  setClientTooOld(on: boolean): void;
  /** The server's `connect_error` answers (socket.io packets `44{…}`) the page received, parsed. */
  refusals: Array<{ message: string; data: { code: string; message: string; retryable: boolean } }>;
};

/**
 * Puts the page's sync sockets through Playwright's WebSocket routing to the real server. While "too old" is on, the
 * socket.io CONNECT packet (`40{"token":…,"protocolVersion":…}`) leaves with the protocol one below the server's
 * minimum, as a build older than the server would send: the server's own CLIENT_TOO_OLD answer
 * (sync-server/src/realtime/handshake-auth.ts) reaches the page unchanged. Nothing else is altered.
 */
export async function routeSyncHandshakes(page: Page): Promise<HandshakeGate> {
  let tooOld = false;
  const refusals: HandshakeGate['refusals'] = [];
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      if (tooOld && typeof message === 'string' && message.startsWith('40{')) {
        const auth = JSON.parse(message.slice(2)) as Record<string, unknown>;
        server.send(`40${JSON.stringify({ ...auth, protocolVersion: MIN_SUPPORTED_PROTOCOL_VERSION - 1 })}`);
      } else {
        server.send(message);
      }
    });
    server.onMessage((message) => {
      if (typeof message === 'string' && message.startsWith('44'))
        refusals.push(JSON.parse(message.slice(2)) as HandshakeGate['refusals'][0]);
      ws.send(message);
    });
  });
  return {
    setClientTooOld(on) {
      tooOld = on;
    },
    refusals,
  };
}
