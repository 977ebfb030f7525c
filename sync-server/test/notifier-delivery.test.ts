import { createECDH, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import client from 'prom-client';
import webpush from 'web-push';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { TEST_TOKEN_SECRETS } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createCapturingLogger } from '@tasklane/testkit/test-logger';
import { createNotifier, type Notifier } from '../src/notifier/notifier';
import { createNotifierMetrics, type NotifierMetrics } from '../src/notifier/notifier-metrics';
import { createActionTokens } from '../src/push/action-token';
import { createPushSender, type PushSender } from '../src/push/push-sender';
import type { ReminderStore } from '../src/store/reminder-store';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import type { Store } from '../src/store/store';
import type { FakeSubscription } from './support/fake-push-service';
import { notifierHarness } from './support/notifier-harness';

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('notifier delivery (in-process notifier, real store and server, local HTTPS push service)', () => {
  let nowMs: number;
  const harness = notifierHarness('notifier', () => nowMs);
  let registry: client.Registry;
  let metrics: NotifierMetrics;
  let notifier: Notifier;
  let user: RegisteredUser;
  let device: FakeSubscription;

  const notifierWith = (overrides: { store?: Store; sender?: PushSender; now?: () => number } = {}): Notifier =>
    harness.notifier({ metrics, ...overrides });

  beforeEach(async () => {
    nowMs = Date.now();
    registry = new client.Registry();
    metrics = createNotifierMetrics(registry);
    notifier = notifierWith();
    user = await registerUser(harness.server.url);
    device = harness.push.subscribe();
    expect(
      (await api(harness.server.url, 'POST', '/api/push-subscriptions', { token: user.accessToken, body: device.toJSON() })).status,
    ).toBe(201);
  });

  async function createTask(body: Record<string, unknown>): Promise<{ id: string }> {
    const created = await api(harness.server.url, 'POST', '/api/tasks', {
      token: user.accessToken,
      body: { title: 'Call the dentist', ...body },
    });
    expect(created.status).toBe(201);
    return created.body as { id: string };
  }

  const deliveredTo = (subscription: FakeSubscription) =>
    harness.push.received.filter((received) => received.subscriptionId === subscription.id && received.status === 201);

  async function metric(name: string, labels = ''): Promise<number> {
    const line = (await registry.metrics()).split('\n').find((text) => text.startsWith(`${name}${labels} `));
    return line ? Number(line.split(' ')[1]) : 0;
  }

  it('[NT8] [NT15] [NT16] a due reminder is sent once, encrypted, with the task and an action token; Done completes the task', async () => {
    const fireAt = iso(nowMs + MINUTE);
    const task = await createTask({ reminders: [{ id: 'r1', at: fireAt }] });
    await notifier.runOnce();
    expect(deliveredTo(device)).toEqual([]);
    nowMs += MINUTE + 500;
    await notifier.runOnce();
    await notifier.runOnce();
    const delivered = deliveredTo(device);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.payload).toEqual({
      taskId: task.id,
      title: 'Call the dentist',
      dueAt: null,
      reminderId: 'r1',
      fireAt,
      actionToken: expect.any(String),
    });
    expect(harness.push.refused).toEqual([]);
    expect(await metric('reminders_due_total')).toBe(1);
    expect(await metric('reminders_sent_total')).toBe(1);
    expect(await metric('reminder_delivery_lag_seconds_count')).toBe(1);

    const { actionToken } = delivered[0]!.payload as { actionToken: string };
    expect((await api(harness.server.url, 'POST', '/api/reminder-actions', { body: { token: actionToken, action: 'done' } })).status).toBe(
      204,
    );
    expect((await api(harness.server.url, 'GET', `/api/tasks/${task.id}`, { token: user.accessToken })).body.status).toBe('done');
    // A repeat (a retried background sync) changes nothing.
    const before = await api(harness.server.url, 'GET', `/api/tasks/${task.id}`, { token: user.accessToken });
    expect((await api(harness.server.url, 'POST', '/api/reminder-actions', { body: { token: actionToken, action: 'done' } })).status).toBe(
      204,
    );
    expect((await api(harness.server.url, 'GET', `/api/tasks/${task.id}`, { token: user.accessToken })).body.seq).toBe(before.body.seq);
    expect(harness.lines.join('\n')).not.toContain(actionToken);
  });

  it('[NT15] Snooze sets a reminder ten minutes ahead, which is delivered in turn; a forged or access token is refused', async () => {
    const task = await createTask({ reminders: [{ id: 'r1', at: iso(nowMs + 1000) }] });
    nowMs += 2000;
    await notifier.runOnce();
    const { actionToken } = deliveredTo(device)[0]!.payload as { actionToken: string };
    const snoozedAt = Date.now();
    expect(
      (await api(harness.server.url, 'POST', '/api/reminder-actions', { body: { token: actionToken, action: 'snooze' } })).status,
    ).toBe(204);
    const snoozed = (await api(harness.server.url, 'GET', `/api/tasks/${task.id}`, { token: user.accessToken })).body as {
      reminders: { id: string; at?: string }[];
    };
    const snooze = snoozed.reminders.find((reminder) => reminder.id === 'snooze')!;
    expect(Date.parse(snooze.at!)).toBeGreaterThanOrEqual(snoozedAt + 10 * MINUTE);
    nowMs = Date.parse(snooze.at!) + 100;
    await notifier.runOnce();
    expect(deliveredTo(device).map((received) => (received.payload as { reminderId: string }).reminderId)).toEqual(['r1', 'snooze']);

    for (const token of [user.accessToken, `${actionToken.slice(0, -4)}AAAA`]) {
      const refused = await api(harness.server.url, 'POST', '/api/reminder-actions', { body: { token, action: 'done' } });
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    }
    const bad = await api(harness.server.url, 'POST', '/api/reminder-actions', { body: { token: actionToken, action: 'delete' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_MESSAGE');
  });

  it('[NT9] a reminder moved or a task deleted before the fire time sends nothing then', async () => {
    const moved = await createTask({ reminders: [{ id: 'r1', at: iso(nowMs + MINUTE) }] });
    const deleted = await createTask({ reminders: [{ id: 'r1', at: iso(nowMs + MINUTE) }] });
    const later = iso(nowMs + 5 * MINUTE);
    expect(
      (
        await api(harness.server.url, 'PATCH', `/api/tasks/${moved.id}`, {
          token: user.accessToken,
          body: { reminders: [{ id: 'r1', at: later }] },
        })
      ).status,
    ).toBe(200);
    expect((await api(harness.server.url, 'DELETE', `/api/tasks/${deleted.id}`, { token: user.accessToken })).status).toBe(204);
    nowMs += 2 * MINUTE;
    await notifier.runOnce();
    expect(deliveredTo(device)).toEqual([]);
    nowMs += 4 * MINUTE;
    await notifier.runOnce();
    expect(deliveredTo(device).map((received) => received.payload)).toEqual([expect.objectContaining({ taskId: moved.id, fireAt: later })]);
  });

  it('[NT10] [NT16] a reminder older than the allowed lateness when the notifier comes back is dropped and counted, not sent', async () => {
    await createTask({
      reminders: [
        { id: 'r1', at: iso(nowMs + MINUTE) },
        { id: 'r2', at: iso(nowMs + 20 * MINUTE) },
      ],
    });
    nowMs += 25 * MINUTE; // down for 24 minutes: r1 is 24 minutes late (too late), r2 5 minutes (sent)
    await notifier.runOnce();
    expect(deliveredTo(device).map((received) => (received.payload as { reminderId: string }).reminderId)).toEqual(['r2']);
    expect(await metric('reminders_dropped_total')).toBe(1);
    expect(await metric('reminders_due_total')).toBe(2);
  });

  it('[NT12] a 429 or 5xx is retried after a back-off; [NT13] a 410 deletes the subscription', async () => {
    const gone = harness.push.subscribe();
    expect(
      (await api(harness.server.url, 'POST', '/api/push-subscriptions', { token: user.accessToken, body: gone.toJSON() })).status,
    ).toBe(201);
    harness.push.answer(device, 503, 429);
    harness.push.answer(gone, 410);
    await createTask({ reminders: [{ id: 'r1', at: iso(nowMs + 1000) }] });
    nowMs += 2000;
    await notifier.runOnce();
    expect(deliveredTo(device)).toEqual([]);
    expect(await metric('reminders_retried_total')).toBe(1);
    expect(await metric('reminders_failed_total', '{reason="gone"}')).toBe(1);
    expect((await harness.store.listPushSubscriptions(user.id)).map((subscription) => subscription.endpoint)).toEqual([device.endpoint]);
    await notifier.runOnce(); // before the back-off has passed: nothing is tried
    expect(harness.push.received.filter((received) => received.subscriptionId === device.id)).toHaveLength(1);
    nowMs += MINUTE;
    await notifier.runOnce(); // 429
    nowMs += MINUTE;
    await notifier.runOnce();
    expect(deliveredTo(device)).toHaveLength(1);
    expect(await metric('reminders_retried_total')).toBe(2);
    expect(await metric('reminders_sent_total')).toBe(1);
  });
  async function subscribeDevice(): Promise<FakeSubscription> {
    const another = harness.push.subscribe();
    expect(
      (await api(harness.server.url, 'POST', '/api/push-subscriptions', { token: user.accessToken, body: another.toJSON() })).status,
    ).toBe(201);
    return another;
  }

  function deliveredToken(): string {
    return (deliveredTo(device).at(-1)!.payload as { actionToken: string }).actionToken;
  }

  it('[NT11] a push service that trickles its headers is cut off at the deadline and retried; one that trickles its body does not hold the send', async () => {
    const quickSender = createPushSender({
      vapid: harness.vapid,
      production: false,
      endpointHosts: [],
      timeoutMs: 1000,
      ca: fs.readFileSync(harness.push.caFile),
    });
    const [slowHeaders, slowBody] = [await subscribeDevice(), await subscribeDevice()];
    harness.push.answer(slowHeaders, 'trickle-headers');
    harness.push.answer(slowBody, 'trickle-body');
    await createTask({ reminders: [{ id: 'r1', at: iso(nowMs + 1000) }] });
    nowMs += 2000;
    try {
      // Resolves: no endpoint holds the poll past the deadline (web-push's idle timeout never fired on either).
      await notifierWith({ sender: quickSender }).runOnce();
    } finally {
      quickSender.close();
    }
    expect(deliveredTo(device)).toHaveLength(1);
    expect(deliveredTo(slowBody)).toHaveLength(1);
    expect(await metric('reminders_sent_total')).toBe(2);
    expect(await metric('reminders_retried_total')).toBe(1);
    expect((await harness.store.listPushSubscriptions(user.id)).map((found) => found.endpoint).sort()).toEqual(
      [device.endpoint, slowHeaders.endpoint, slowBody.endpoint].sort(),
    );
  });

  it('[NT17] a subscription the push service refuses (403) three times in a row is deleted; fewer keep it', async () => {
    harness.push.answer(device, 403, 403, 403);
    await createTask({
      reminders: [
        { id: 'r1', at: iso(nowMs + 1000) },
        { id: 'r2', at: iso(nowMs + 2000) },
      ],
    });
    nowMs += 1500;
    await notifier.runOnce();
    nowMs += 1000;
    await notifier.runOnce();
    expect(await metric('reminders_failed_total', '{reason="rejected"}')).toBe(2);
    expect(await harness.store.listPushSubscriptions(user.id)).toHaveLength(1);
    await createTask({ reminders: [{ id: 'r3', at: iso(nowMs + 1000) }] });
    nowMs += 1500;
    await notifier.runOnce();
    expect(await metric('reminders_failed_total', '{reason="rejected"}')).toBe(3);
    expect(await harness.store.listPushSubscriptions(user.id)).toEqual([]);
  });

  it('[NT18] a stored subscription whose key is off the curve is classified unusable at send time and deleted, not retried', async () => {
    const offCurve = Buffer.alloc(65, 1);
    offCurve[0] = 4;
    const endpoint = `${harness.push.origin}/push/${randomBytes(8).toString('hex')}`;
    // Registered before the check existed (or written around it): the sender must still not retry it forever.
    await harness.store.savePushSubscription(
      { userId: user.id, endpoint, p256dh: offCurve.toString('base64url'), auth: randomBytes(16).toString('base64url') },
      iso(nowMs),
      20,
    );
    await createTask({ reminders: [{ id: 'r1', at: iso(nowMs + 1000) }] });
    nowMs += 2000;
    await notifier.runOnce();
    expect(deliveredTo(device)).toHaveLength(1);
    expect(await metric('reminders_failed_total', '{reason="unusable"}')).toBe(1);
    expect(await metric('reminders_retried_total')).toBe(0);
    expect((await harness.store.listPushSubscriptions(user.id)).map((found) => found.endpoint)).toEqual([device.endpoint]);
  });

  it('[NT21] a notifier whose lease ran out before it recorded the outcome logs and counts it; the other records the delivery', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    const stalled: PushSender = {
      async send(...args) {
        entered();
        await gate;
        return harness.sender.send(...args);
      },
      close: () => undefined,
    };
    await createTask({ reminders: [{ id: 'r1', at: iso(nowMs + 1000) }] });
    nowMs += 2000;
    const slow = notifierWith({ sender: stalled });
    const slowPoll = slow.runOnce();
    await inFlight;
    const laterMs = nowMs + 31_000;
    await notifierWith({ now: () => laterMs }).runOnce();
    release();
    await slowPoll;
    expect(await metric('reminders_lease_lost_total')).toBe(1);
    expect(harness.lines.join('\n')).toContain('lease lost');
    // The documented duplicate: both sends reached the push service; only the lease holder's record stands.
    expect(deliveredTo(device)).toHaveLength(2);
  });

  it('[NT23] a task that fails to schedule is logged by id and its reminders switched off; the other tasks are delivered', async () => {
    const bad = await createTask({ title: 'Private title', reminders: [{ id: 'r1', at: iso(nowMs + 1000) }] });
    const good = await createTask({ reminders: [{ id: 'r1', at: iso(nowMs + 1000) }] });
    const failing: Store = Object.create(harness.store) as Store;
    failing.scheduleReminderFires = async (...args: Parameters<ReminderStore['scheduleReminderFires']>) => {
      if (args[1] === bad.id && args[3].length > 0) throw new Error('this task cannot be scheduled');
      return harness.store.scheduleReminderFires(...args);
    };
    nowMs += 2000;
    await notifierWith({ store: failing }).runOnce();
    expect(deliveredTo(device).map((received) => (received.payload as { taskId: string }).taskId)).toEqual([good.id]);
    const failedLine = harness.lines.find((line) => line.includes('reminder scheduling failed'));
    expect(failedLine).toContain(bad.id);
    expect(harness.lines.join('\n')).not.toContain('Private title');
    expect((await harness.store.dueReminderTasks(iso(nowMs + MINUTE), 10_000)).map((due) => due.task.id)).not.toContain(bad.id);
  });

  it('[NT24] Snooze does nothing on a completed task, and on a full reminder list takes the place of the earliest reminder', async () => {
    const reminders = Array.from({ length: 10 }, (_, index) => ({ id: `r${index}`, at: iso(nowMs + 1000 + index * MINUTE) }));
    const full = await createTask({ reminders });
    nowMs += 2000;
    await notifier.runOnce();
    const token = deliveredToken();
    expect((await api(harness.server.url, 'POST', '/api/reminder-actions', { body: { token, action: 'snooze' } })).status).toBe(204);
    const snoozed = (await api(harness.server.url, 'GET', `/api/tasks/${full.id}`, { token: user.accessToken })).body as {
      reminders: { id: string }[];
    };
    expect(snoozed.reminders.map((reminder) => reminder.id).sort()).toEqual(
      [...reminders.slice(1).map((reminder) => reminder.id), 'snooze'].sort(),
    );

    expect((await api(harness.server.url, 'POST', '/api/reminder-actions', { body: { token, action: 'done' } })).status).toBe(204);
    const done = await api(harness.server.url, 'GET', `/api/tasks/${full.id}`, { token: user.accessToken });
    expect(done.body.status).toBe('done');
    expect((await api(harness.server.url, 'POST', '/api/reminder-actions', { body: { token, action: 'snooze' } })).status).toBe(204);
    expect((await api(harness.server.url, 'GET', `/api/tasks/${full.id}`, { token: user.accessToken })).body.seq).toBe(done.body.seq);
  });

  it('[NT25] a password change revokes the action tokens issued before it', async () => {
    await createTask({ reminders: [{ id: 'r1', at: iso(nowMs + 1000) }] });
    nowMs += 2000;
    await notifier.runOnce();
    const token = deliveredToken();
    const changed = await api(harness.server.url, 'POST', '/api/auth/password', {
      token: user.accessToken,
      body: { currentPassword: user.password, newPassword: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(204);
    const refused = await api(harness.server.url, 'POST', '/api/reminder-actions', { body: { token, action: 'done' } });
    expect([refused.status, refused.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
  });
});

describe('notifier delivery in production (the production send path: host list, port, blocked addresses at send time)', () => {
  const temp = makeTempDir('notifier-production');
  const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:test@example.com' };
  let store: Store;
  let registry: client.Registry;
  const { logger } = createCapturingLogger();
  const sender = createPushSender({
    vapid,
    production: true,
    endpointHosts: ['localhost', '127.0.0.1', 'push.example.com'],
    timeoutMs: 5000,
  });
  const keys = () => {
    const browser = createECDH('prime256v1');
    return { p256dh: browser.generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') };
  };
  const subscriptionAt = (endpoint: string) => ({ id: 's', userId: 'u', endpoint, createdAt: iso(Date.now()), ...keys() });

  beforeAll(() => {
    store = createEmbeddedStore({ dataDir: temp.dir });
  });
  afterAll(async () => {
    sender.close();
    await store.close();
    temp.remove();
  });

  it('[NT3] [NT17] the production sender refuses unknown hosts, other ports, literal blocked addresses, and names that resolve to one when connecting', async () => {
    const outcomes = await Promise.all(
      [
        'https://evil.example.net/push/1',
        'https://push.example.com:8443/push/1',
        'https://127.0.0.1/push/1',
        // Allowed by name, port 443: the agent's own lookup meets 127.0.0.1 (or ::1) and refuses before connecting.
        'https://localhost/push/1',
      ].map((endpoint) => sender.send(subscriptionAt(endpoint), '{}', 60)),
    );
    expect(outcomes).toEqual([
      { kind: 'unusable', reason: 'endpoint host evil.example.net is not a known push service' },
      { kind: 'unusable', reason: 'endpoint must use port 443' },
      { kind: 'unusable', reason: 'endpoint points to a blocked address' },
      { kind: 'unusable', reason: 'endpoint resolves to a blocked address' },
    ]);
  });

  it('[NT3] [NT17] end to end: a production notifier deletes a subscription whose name resolves to a blocked address at send time', async () => {
    registry = new client.Registry();
    const userId = 'production-user';
    await store.createUser({ id: userId, email: 'production@example.com', passwordHash: 'hash', createdAt: iso(Date.now()) });
    await store.savePushSubscription({ userId, endpoint: 'https://localhost/push/rebound', ...keys() }, iso(Date.now() - MINUTE), 20);
    const fireAt = iso(Date.now() - 1000);
    const task = (await store.applyPush(userId, [{ newDocumentState: makeTask({ reminders: [{ id: 'r1', at: fireAt }] }) }])).written[0]!;
    expect(task.id).toBeDefined();
    const production = createNotifier({
      store,
      sender,
      tokens: createActionTokens(TEST_TOKEN_SECRETS.accessSecret),
      metrics: createNotifierMetrics(registry),
      logger,
      options: { maxLatenessMs: 10 * MINUTE, pollIntervalMs: 1000, leaseMs: 30_000 },
    });
    await production.runOnce();
    const text = await registry.metrics();
    expect(text).toContain('reminders_failed_total{reason="unusable"} 1');
    expect(await store.listPushSubscriptions(userId)).toEqual([]);
  });
});
