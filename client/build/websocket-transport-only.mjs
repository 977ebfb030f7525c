// engine.io-client's table of default transports (its build/esm/transports/index.js), with WebSocket only: the PWA
// connects with `transports: ['websocket']` (src/sync/socket-transport.ts), so long-polling and WebTransport are never
// used and their code is not shipped. webpack.config.cjs puts this module in the table's place.
import { WS } from 'engine.io-client/websocket-transport';

export const transports = { websocket: WS };
