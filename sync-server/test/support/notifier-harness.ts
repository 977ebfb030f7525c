import fs from 'node:fs';
import client from 'prom-client';
import webpush from 'web-push';
import { startTestServer, TEST_TOKEN_SECRETS, type TestServer } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createCapturingLogger } from '@tasklane/testkit/test-logger';
import { createNotifier, type Notifier } from '../../src/notifier/notifier';
import { createNotifierMetrics, type NotifierMetrics } from '../../src/notifier/notifier-metrics';
import { createActionTokens } from '../../src/push/action-token';
import { createPushSender, type PushSender } from '../../src/push/push-sender';
import { createEmbeddedStore } from '../../src/store/sqlite/embedded-store';
import type { Store } from '../../src/store/store';
import { startFakePushService, type FakePushService } from './fake-push-service';

const MINUTE = 60_000;

export type NotifierHarness = {
  /** The server's VAPID keys, which the push service checks. */
  readonly vapid: { publicKey: string; privateKey: string; subject: string };
  /** The server's store (SQLite in a temporary folder, unless the harness was given another). */
  readonly store: Store;
  /** The server, with reminders sent under the harness's VAPID keys. */
  readonly server: TestServer;
  /** The local HTTPS push service the sender delivers to. */
  readonly push: FakePushService;
  /** A non-production sender that trusts the push service's certificate. */
  readonly sender: PushSender;
  /** What the notifiers log, a line an entry. */
  readonly lines: string[];
  /** An in-process notifier on the harness's store, sender and `now`, unless overridden (fresh metrics by default). */
  notifier(overrides?: { store?: Store; sender?: PushSender; now?: () => number; metrics?: NotifierMetrics }): Notifier;
};

/** Opens a fresh store for the harness's server, and removes it after the server closed it. */
export type HarnessStoreOpener = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

/**
 * A describe's reminder delivery end to end: a real store and server, a local HTTPS push service checking VAPID and a
 * sender to it, started in beforeAll and closed after the tests; notifiers read the clock `now`. Called in the `describe`.
 * The store is a fresh embedded one, or the one `openStore` opens.
 */
export function notifierHarness(name: string, now: () => number, openStore?: HarnessStoreOpener): NotifierHarness {
  const temp = makeTempDir(name);
  const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:test@example.com' };
  const { logger, lines } = createCapturingLogger();
  let started: { store: Store; server: TestServer; push: FakePushService; sender: PushSender } | undefined;
  let opened: Awaited<ReturnType<HarnessStoreOpener>> | undefined;

  beforeAll(async () => {
    opened = await openStore?.();
    const store = opened?.store ?? createEmbeddedStore({ dataDir: temp.dir });
    const server = await startTestServer({ store, reminders: { vapid } });
    const push = await startFakePushService(temp.dir);
    push.setVapidKey(vapid.publicKey);
    const sender = createPushSender({ vapid, production: false, endpointHosts: [], timeoutMs: 5000, ca: fs.readFileSync(push.caFile) });
    started = { store, server, push, sender };
  });
  afterAll(async () => {
    started?.sender.close();
    await started?.push.close();
    await started?.server.close();
    await opened?.cleanup();
    temp.remove();
  });

  const get = () => {
    if (!started) throw new Error('the notifier harness starts in beforeAll');
    return started;
  };
  return {
    vapid,
    get store() {
      return get().store;
    },
    get server() {
      return get().server;
    },
    get push() {
      return get().push;
    },
    get sender() {
      return get().sender;
    },
    lines,
    notifier: (overrides = {}) =>
      createNotifier({
        store: overrides.store ?? get().store,
        sender: overrides.sender ?? get().sender,
        tokens: createActionTokens(TEST_TOKEN_SECRETS.accessSecret),
        metrics: overrides.metrics ?? createNotifierMetrics(new client.Registry()),
        logger,
        options: { maxLatenessMs: 10 * MINUTE, pollIntervalMs: 1000, leaseMs: 30_000 },
        now: overrides.now ?? now,
      }),
  };
}
