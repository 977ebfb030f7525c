/**
 * Bump on every incompatible change and add one line below.
 * 1 — first version: pull / push / changes over socket.io (docs/protocol.md).
 *   Compatible additions since (no bump): `token-expired`, SERVER_TOO_OLD, derived completedAt, unique tags (docs/protocol.md, Changelog).
 * 2 — data model v2: lists, due, recurrence, checklist, manual order; a `collection` in pull, push and changes
 *   (docs/data-model-v2.md). Version-1 clients are answered CLIENT_TOO_OLD and update themselves.
 * 3 — reminders: the task document gains `reminders` (docs/reminders.md). Version-2 clients are answered
 *   CLIENT_TOO_OLD and update themselves.
 * 4 — assignment and series completions: the task document gains `assignee` (docs/protocol.md §10, [AS1]) and
 *   `completions` ([IN2]). Version-3 clients are answered CLIENT_TOO_OLD and update themselves. Compatible change since:
 *   SHARING_UNAVAILABLE removed (both stores share lists, [SH12]).
 */
export const PROTOCOL_VERSION = 4;
export const MIN_SUPPORTED_PROTOCOL_VERSION = 4;
