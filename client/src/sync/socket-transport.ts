import { BehaviorSubject, Subject } from 'rxjs';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { Ack } from '@tasklane/shared/protocol/ack';
import type { ChangesEvent } from '@tasklane/shared/protocol/changes';
import type { ClientToServerEvents, ServerToClientEvents } from '@tasklane/shared/protocol/events';
import type { HandshakeAuth } from '@tasklane/shared/protocol/handshake';
import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import type { PullResponse } from '@tasklane/shared/protocol/pull';
import type { PushResponse } from '@tasklane/shared/protocol/push';
import type { ErrorBody } from '@tasklane/shared/protocol/error-body';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { NetworkError, SessionExpiredError } from '../session/session-errors';
import { refreshDueAtMs } from '../session/token-expiry';
import type { TokenSource } from '../session/token-source';

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'session-expired' | 'client-too-old' | 'server-too-old';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type SocketTransport = {
  state$: BehaviorSubject<ConnectionState>;
  /** Every `changes` event the server sends, of every collection. */
  changes$: Subject<ChangesEvent>;
  /** Emits after every successful (re)connect: the client may have missed changes. */
  connected$: Subject<void>;
  /** A pull of one collection (absent: tasks, [DM22]). */
  pull(payload: { collection?: ReplicatedCollection; checkpoint: Checkpoint | null; limit: number }): Promise<PullResponse>;
  push(payload: { collection?: ReplicatedCollection; rows: unknown[] }): Promise<PushResponse>;
  /** Call when the session was renewed by a new sign-in. */
  reconnect(): void;
  close(): void;
};

export type SocketTransportOptions = {
  url: string;
  tokens: TokenSource;
  /** How long a request waits for a connection before failing (the replication retries it). */
  connectWaitMs?: number;
  ackTimeoutMs?: number;
  /** socket.io reconnection backoff for network errors. */
  reconnectionDelayMs?: number;
  reconnectionDelayMaxMs?: number;
  onSessionExpired?: () => void;
  /** Renew the access token shortly before it expires (default). Off, the client waits for the server's `token-expired`. */
  refreshAheadOfExpiry?: boolean;
  /** First wait before asking again after a retryable refused handshake (SERVER_TOO_OLD, INTERNAL); doubles up to 5 minutes. */
  handshakeRetryDelayMs?: number;
};

const AUTH_RETRY_MAX_MS = 30_000;
/** A server older than this client (a rolling upgrade in progress) is asked again at this pace (docs/protocol.md [H3b]). */
const SERVER_RETRY_FIRST_MS = 5_000;
const SERVER_RETRY_MAX_MS = 5 * 60_000;

/**
 * The sync socket (docs/protocol.md [H1]–[H4]): WebSocket only, the access token in the
 * handshake. An expired token is refreshed and the socket reconnects on its
 * own; network errors back off exponentially (socket.io's reconnection).
 */
export function createSocketTransport(options: SocketTransportOptions): SocketTransport {
  const { tokens } = options;
  const connectWaitMs = options.connectWaitMs ?? 20_000;
  const ackTimeoutMs = options.ackTimeoutMs ?? 30_000;
  const state$ = new BehaviorSubject<ConnectionState>('connecting');
  const changes$ = new Subject<ChangesEvent>();
  const connected$ = new Subject<void>();
  let closed = false;
  let authRetryMs = 1000;
  let authRetryTimer: ReturnType<typeof setTimeout> | undefined;
  let proactiveTimer: ReturnType<typeof setTimeout> | undefined;
  const serverRetryFirstMs = options.handshakeRetryDelayMs ?? SERVER_RETRY_FIRST_MS;
  let serverRetryMs = serverRetryFirstMs;
  let serverRetryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set by `token-expired`: the disconnect that follows is ours to handle by renewing the token. */
  let closingForExpiry = false;

  const socketOptions: Partial<ManagerOptions & SocketOptions> = {
    transports: ['websocket'],
    autoConnect: false,
    forceNew: true,
    reconnectionDelay: options.reconnectionDelayMs ?? 1000,
    reconnectionDelayMax: options.reconnectionDelayMaxMs ?? 30_000,
    randomizationFactor: 0.5,
    auth: (callback: (data: object) => void) => {
      let token = '';
      try {
        token = tokens.current();
      } catch {
        // signed out meanwhile: the handshake fails UNAUTHENTICATED
      }
      const auth: HandshakeAuth = { token, protocolVersion: PROTOCOL_VERSION };
      callback(auth);
    },
  };
  const socket: ClientSocket = io(options.url, socketOptions);

  function setState(next: ConnectionState) {
    if (state$.value !== next) state$.next(next);
  }

  function scheduleProactiveRefresh() {
    clearTimeout(proactiveTimer);
    if (options.refreshAheadOfExpiry === false) return;
    let token: string;
    try {
      token = tokens.current();
    } catch {
      return;
    }
    const due = refreshDueAtMs(token);
    if (due === null) return;
    // The server stops sending `changes` to a socket whose token expired: renew first.
    proactiveTimer = setTimeout(() => void renewAndReconnect(token), Math.min(Math.max(due - Date.now(), 1000), 2 ** 31 - 1));
  }

  /** The token the server just refused, if the session still has one. */
  function currentTokenOrUndefined(): string | undefined {
    try {
      return tokens.current();
    } catch {
      return undefined;
    }
  }

  async function renewAndReconnect(rejected: string | undefined): Promise<void> {
    if (closed) return;
    try {
      await tokens.refresh(rejected);
      authRetryMs = 1000;
      if (closed) return;
      socket.disconnect();
      socket.connect();
    } catch (error) {
      if (closed) return;
      if (error instanceof SessionExpiredError) {
        socket.disconnect();
        setState('session-expired');
        options.onSessionExpired?.();
        return;
      }
      // Network or server trouble: try again later, backing off.
      const wait = authRetryMs;
      authRetryMs = Math.min(authRetryMs * 2, AUTH_RETRY_MAX_MS);
      setState('offline');
      clearTimeout(authRetryTimer);
      authRetryTimer = setTimeout(() => void renewAndReconnect(rejected), wait * (0.75 + Math.random() * 0.5));
    }
  }

  socket.on('connect', () => {
    authRetryMs = 1000;
    serverRetryMs = serverRetryFirstMs;
    closingForExpiry = false;
    setState('online');
    scheduleProactiveRefresh();
    connected$.next();
  });
  socket.on('disconnect', (reason) => {
    if (closed) return;
    if (state$.value === 'online') setState('offline');
    // The server closed the socket on purpose: reconnect ourselves (the manager will not).
    if (reason === 'io server disconnect' && !closingForExpiry) setTimeout(() => !closed && socket.connect(), 1000);
  });
  // The server closes a socket whose access token expired ([H4]): renew at once, then reconnect.
  socket.on('token-expired', () => {
    if (closed) return;
    closingForExpiry = true;
    void renewAndReconnect(currentTokenOrUndefined());
  });
  socket.on('connect_error', (error: Error & { data?: ErrorBody }) => {
    if (closed) return;
    if (error.message === 'UNAUTHENTICATED') {
      void renewAndReconnect(currentTokenOrUndefined());
    } else if (error.message === 'CLIENT_TOO_OLD') {
      setState('client-too-old');
    } else if (error.data?.retryable === true) {
      // SERVER_TOO_OLD, RATE_LIMITED, TOO_MANY_SOCKETS or INTERNAL: socket.io does not retry a refused handshake,
      // so ask again later, backing off, and never sooner than the server's retryAfterMs ([H3b], [AB1], [AB2]).
      setState(error.message === 'SERVER_TOO_OLD' ? 'server-too-old' : 'offline');
      const jittered = serverRetryMs * (0.75 + Math.random() * 0.5);
      const wait = Math.min(Math.max(jittered, error.data.retryAfterMs ?? 0), SERVER_RETRY_MAX_MS);
      serverRetryMs = Math.min(serverRetryMs * 2, SERVER_RETRY_MAX_MS);
      clearTimeout(serverRetryTimer);
      serverRetryTimer = setTimeout(() => !closed && socket.connect(), wait);
    } else {
      setState('offline'); // the manager reconnects with backoff
    }
  });
  socket.on('changes', (event) => changes$.next(event));

  // The browser knows when the network is gone or back: follow it at once
  // instead of waiting for a timeout or for the next backoff step.
  const onOffline = () => {
    if (closed) return;
    socket.disconnect();
    setState('offline');
  };
  const onOnline = () => {
    if (closed || state$.value === 'session-expired' || state$.value === 'client-too-old') return;
    socket.disconnect();
    setState('connecting');
    socket.connect();
  };
  const browserEvents = typeof window !== 'undefined' && typeof window.addEventListener === 'function';
  if (browserEvents) {
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
  }

  function waitForConnection(): Promise<void> {
    if (socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        subscription.unsubscribe();
        reject(new NetworkError('not connected'));
      }, connectWaitMs);
      const subscription = state$.subscribe({
        complete: () => {
          clearTimeout(timer);
          reject(new NetworkError('closed'));
        },
        next: (state) => {
          if (state === 'online' && socket.connected) {
            clearTimeout(timer);
            queueMicrotask(() => subscription.unsubscribe());
            resolve();
          } else if (state === 'session-expired' || state === 'client-too-old') {
            clearTimeout(timer);
            queueMicrotask(() => subscription.unsubscribe());
            reject(new ProtocolError(state === 'client-too-old' ? 'CLIENT_TOO_OLD' : 'UNAUTHENTICATED', `cannot sync: ${state}`));
          }
        },
      });
    });
  }

  async function request<T>(event: 'pull' | 'push', payload: unknown): Promise<T> {
    if (closed) throw new NetworkError('closed');
    await waitForConnection();
    const token = tokens.current();
    let ack: Ack<T>;
    try {
      ack = (await socket.timeout(ackTimeoutMs).emitWithAck(event, payload)) as Ack<T>;
    } catch (error) {
      throw new NetworkError(error);
    }
    if (ack.ok) return ack.data;
    if (ack.error.code === 'UNAUTHENTICATED') void renewAndReconnect(token);
    throw ProtocolError.fromBody(ack.error);
  }

  if (typeof navigator === 'undefined' || navigator.onLine !== false) socket.connect();
  else setState('offline');

  return {
    state$,
    changes$,
    connected$,
    pull: (payload) => request<PullResponse>('pull', payload),
    push: (payload) => request<PushResponse>('push', payload),
    reconnect() {
      setState('connecting');
      socket.disconnect();
      socket.connect();
    },
    close() {
      closed = true;
      if (browserEvents) {
        window.removeEventListener('offline', onOffline);
        window.removeEventListener('online', onOnline);
      }
      clearTimeout(authRetryTimer);
      clearTimeout(proactiveTimer);
      clearTimeout(serverRetryTimer);
      socket.removeAllListeners();
      socket.disconnect();
      state$.complete();
      changes$.complete();
      connected$.complete();
    },
  };
}
