import path from 'node:path';
import Database from 'better-sqlite3';
import webpush from 'web-push';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { startFakePushService, type FakePushService, type FakeSubscription } from './support/fake-push-service';
import { readCounter, startNotifierProcess, type NotifierProcess } from './support/notifier-process';

jest.setTimeout(40_000);

const iso = (ms: number) => new Date(ms).toISOString();
// A push's hard deadline is a third of the lease ([NT11]): 2 s to kill the notifier while its send is held.
const LEASE_MS = 6000;

type Claim = { id: number; owner: string };

/**
 * docs/architecture.md [NT8]: two notifier processes on one SQLite file deliver several reminders to several
 * subscriptions; the one whose push is in flight is SIGKILLed, and the other sends everything, each exactly once.
 */
describe('two notifier processes, one killed mid-delivery (built dist/main.js and dist/notifier.js)', () => {
  const temp = makeTempDir('notifier-kill-in-flight');
  const dataDir = path.join(temp.dir, 'data');
  const vapid = webpush.generateVAPIDKeys();
  const withKeys = { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: 'mailto:ops@example.com' };
  const env = (extra: Record<string, string>) => ({
    DATA_DIR: dataDir,
    NODE_EXTRA_CA_CERTS: push.caFile,
    NOTIFIER_POLL_INTERVAL_MS: '100',
    NOTIFIER_LEASE_MS: String(LEASE_MS),
    ...withKeys,
    ...extra,
  });
  let push: FakePushService;
  const processes: (ServerProcess | NotifierProcess)[] = [];

  beforeAll(async () => {
    push = await startFakePushService(temp.dir);
    push.setVapidKey(vapid.publicKey);
  });
  afterAll(async () => {
    await Promise.all(processes.map((started) => started.stop('SIGKILL')));
    await push.close();
    temp.remove();
  });

  async function notifier(): Promise<NotifierProcess> {
    const started = await startNotifierProcess(env({}));
    processes.push(started);
    return started;
  }

  /** The delivery to `device` a notifier holds claimed (pending, with an owner), read from the SQLite file. */
  function claimOf(device: FakeSubscription): Claim | undefined {
    const db = new Database(path.join(dataDir, 'tasklane.sqlite'), { readonly: true });
    try {
      return db
        .prepare<[string], Claim>(
          `SELECT d.id, d.owner FROM reminder_deliveries d JOIN push_subscriptions s ON s.id = d.subscription_id
           WHERE s.endpoint = ? AND d.state = 'pending' AND d.owner IS NOT NULL`,
        )
        .get(device.endpoint);
    } finally {
      db.close();
    }
  }

  function claimedBy(owner: string): number {
    const db = new Database(path.join(dataDir, 'tasklane.sqlite'), { readonly: true });
    try {
      return db
        .prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM reminder_deliveries WHERE owner = ? AND state = 'pending'")
        .get(owner)!.n;
    } finally {
      db.close();
    }
  }

  it('[NT8] with two notifiers running, SIGKILL of the one whose push is in flight: every subscription gets each reminder exactly once', async () => {
    const app = await startServerProcess(env({ NOTIFIER: 'off' }));
    processes.push(app);
    const call = (user: RegisteredUser, method: string, route: string, body: unknown) =>
      api(app.url, method, route, { token: user.accessToken, body });
    async function subscribe(user: RegisteredUser): Promise<FakeSubscription> {
      const device = push.subscribe();
      expect((await call(user, 'POST', '/api/push-subscriptions', device.toJSON())).status).toBe(201);
      return device;
    }
    async function remind(user: RegisteredUser, title: string, atMs: number[]): Promise<string> {
      const reminders = atMs.map((at, index) => ({ id: `r${index + 1}`, at: iso(at) }));
      const created = await call(user, 'POST', '/api/tasks', { title, reminders });
      expect(created.status).toBe(201);
      return (created.body as { id: string }).id;
    }

    // Which process is which: the first notifier, alone, takes a probe whose answer trickles; its claim names its owner.
    const first = await notifier();
    const prober = await registerUser(app.url);
    const probe = await subscribe(prober);
    push.answer(probe, 'trickle-body');
    await remind(prober, 'Probe', [Date.now() + 200]);
    await waitFor(() => push.received.some((got) => got.subscriptionId === probe.id), 10_000, 'the probe in flight');
    const firstOwner = claimOf(probe)!.owner;
    const second = await notifier();

    // Two people, five devices; the first device holds its first push open (a delivery in flight).
    const ann = await registerUser(app.url);
    const bob = await registerUser(app.url);
    const annDevices = [await subscribe(ann), await subscribe(ann), await subscribe(ann)];
    const bobDevices = [await subscribe(bob), await subscribe(bob)];
    const inFlight = annDevices[0]!;
    push.answer(inFlight, 'hold');
    const soon = Date.now() + 1000;
    const expected = new Map<string, string[]>();
    const annTasks = [await remind(ann, 'Call the plumber', [soon]), await remind(ann, 'Buy bread', [soon + 800])];
    const bobTask = await remind(bob, 'Water the plants', [soon, soon + 800]);
    for (const device of annDevices) expected.set(device.id, annTasks.map((taskId) => `${taskId}/r1`).sort());
    for (const device of bobDevices) expected.set(device.id, [`${bobTask}/r1`, `${bobTask}/r2`]);

    await push.held();
    const held = claimOf(inFlight)!;
    // Every other push of its batch answered and recorded: only the held one is in flight when it dies.
    await waitFor(() => claimedBy(held.owner) === 1, 5000, 'the holder’s other sends to be recorded');
    const [victim, survivor] = held.owner === firstOwner ? [first, second] : [second, first];
    await victim.stop('SIGKILL');
    // It died with the claim: the delivery is still pending under its owner, its push never answered.
    expect(claimOf(inFlight)).toEqual(held);

    const accepted = (device: FakeSubscription) =>
      push.received
        .filter((got) => got.subscriptionId === device.id && got.status === 201)
        .map((got) => {
          const payload = got.payload as { taskId: string; reminderId: string };
          return `${payload.taskId}/${payload.reminderId}`;
        })
        .sort();
    const devices = [...annDevices, ...bobDevices];
    // The held one is sent again once the lease has run out: by the survivor.
    await waitFor(() => devices.every((device) => accepted(device).length >= 2), 25_000, 'every reminder on every device');
    const start = await readCounter(survivor.metricsUrl, 'notifier_polls_total');
    await waitFor(async () => (await readCounter(survivor.metricsUrl, 'notifier_polls_total')) >= start + 3, 10_000, 'three more polls');

    // Exactly once each. The held push reached the service but was never answered: the one duplicate [NT8] allows
    // (a push accepted and not recorded) is the request that died with the process, never a second accepted one.
    for (const device of devices) expect(accepted(device)).toEqual(expected.get(device.id));
    expect(push.refused).toEqual([]);
    expect(claimOf(inFlight)).toBeUndefined();
    expect(await readCounter(survivor.metricsUrl, 'reminders_sent_total')).toBeGreaterThanOrEqual(1);
  });
});
