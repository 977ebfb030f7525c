// engine.io-client's entry (its build/esm/index.js) with what socket.io-client and the PWA use: the socket, over
// WebSocket only (src/sync/socket-transport.ts connects with `transports: ['websocket']`). The entry re-exports every
// transport, and engine.io-client declares no `sideEffects`, so the long-polling (fetch and XHR, with an unload
// handler of its own) and WebTransport modules were shipped though never run. socket.io-client re-exports those names;
// nothing imports them. webpack.config.cjs puts this module in the entry's place.
import { Socket } from '../../node_modules/engine.io-client/build/esm/socket.js';

export { Socket };
export const protocol = Socket.protocol;
export { Transport, TransportError } from '../../node_modules/engine.io-client/build/esm/transport.js';
export { transports } from './websocket-transport-only.mjs';
export { installTimerFunctions } from '../../node_modules/engine.io-client/build/esm/util.js';
export { parse } from '../../node_modules/engine.io-client/build/esm/contrib/parseuri.js';
export { nextTick } from '../../node_modules/engine.io-client/build/esm/globals.js';
export { WS as WebSocket, WS as NodeWebSocket } from '../../node_modules/engine.io-client/build/esm/transports/websocket.js';
export const Fetch = undefined;
export const XHR = undefined;
export const NodeXHR = undefined;
export const WebTransport = undefined;
