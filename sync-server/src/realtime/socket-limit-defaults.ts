import type { SocketLimits } from './socket-limits';

/**
 * The one place the socket limits' defaults are written: the config table (MAX_SOCKETS_PER_USER,
 * RATE_LIMIT_HANDSHAKE, SOCKET_BUFFER_LIMIT) takes its fallbacks from here, and a server built without a
 * config (tests) uses these values as they are.
 */
export const DEFAULT_SOCKET_LIMITS: SocketLimits = { maxSocketsPerUser: 50, handshakesPerMinute: 300, bufferLimitBytes: 8 * 1024 * 1024 };
