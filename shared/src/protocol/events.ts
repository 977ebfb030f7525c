import type { AckCallback } from './ack';
import type { ChangesEvent } from './changes';
import type { TokenExpired } from './handshake';
import type { PullResponse } from './pull';
import type { PushResponse } from './push';

/**
 * Payloads are `unknown` on purpose: the server parses them against their
 * schemas before anything else happens (docs/protocol.md [V1]).
 */
export type ClientToServerEvents = {
  pull: (payload: unknown, ack: AckCallback<PullResponse>) => void;
  push: (payload: unknown, ack: AckCallback<PushResponse>) => void;
};

export type ServerToClientEvents = {
  changes: (event: ChangesEvent) => void;
  /** The access token expired: the server closes the socket right after this (docs/protocol.md [H4]). */
  'token-expired': (error: TokenExpired) => void;
};
