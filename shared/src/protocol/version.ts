/**
 * Bump on every incompatible change and add one line below.
 * 1 — first version: pull / push / changes over socket.io (docs/protocol.md).
 *   Compatible additions since (no bump): `token-expired`, SERVER_TOO_OLD, derived completedAt, unique tags (docs/protocol.md, Changelog).
 */
export const PROTOCOL_VERSION = 1;
export const MIN_SUPPORTED_PROTOCOL_VERSION = 1;
