// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the push service's decrypter is typed in sync-server's tests only
/// <reference path="../../sync-server/test/support/http-ece.d.ts" />
import fs from 'node:fs';
import client from 'prom-client';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import webpush from 'web-push';
import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, TEST_TOKEN_SECRETS, type TestServer } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createCapturingLogger } from '@tasklane/testkit/test-logger';
import { createNotifier } from '@tasklane/sync-server/src/notifier/notifier';
import { createNotifierMetrics } from '@tasklane/sync-server/src/notifier/notifier-metrics';
import { createActionTokens } from '@tasklane/sync-server/src/push/action-token';
import { createPushSender, type PushSender } from '@tasklane/sync-server/src/push/push-sender';
import { startFakePushService, type FakePushService, type FakeSubscription } from '@tasklane/sync-server/test/support/fake-push-service';
import { appDriver } from './support/app-driver';
import { CLIENT_DIST, OFFLINE_NOISE, openDevice, poll, type AllowedError, type Device } from './support/browser';
import { restClient } from './support/rest-client';

jest.setTimeout(180_000);

/**
 * Headless Chromium cannot subscribe to a real push service (none is reachable here; `pushManager.subscribe` even ends
 * the browser), so the page's PushManager is replaced by one handing out a subscription of the test's local push
 * service: the app's own code registers it, the real notifier sends to it (VAPID, aes128gcm), the push service decrypts
 * it, and the DevTools protocol (`ServiceWorker.deliverPushMessage`) delivers that plaintext to the real service worker.
 * Only the leg between a real push service and the browser is not exercised.
 */
function fakePushManager(json: ReturnType<FakeSubscription['toJSON']>) {
  const KEY = '__test_push_key';
  const stored = () => localStorage.getItem('__test_push_json');
  const subscription = (key: number[]) => {
    const current = JSON.parse(stored() ?? JSON.stringify(json)) as typeof json;
    return {
      endpoint: current.endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: new Uint8Array(key).buffer },
      getKey: () => null,
      toJSON: () => current,
      unsubscribe: () => {
        localStorage.removeItem(KEY);
        return Promise.resolve(true);
      },
    };
  };
  const calls = { requestPermission: 0, subscribe: 0 };
  Object.assign(window, { __pushCalls: calls });
  PushManager.prototype.getSubscription = function () {
    const key = localStorage.getItem(KEY);
    return Promise.resolve((key ? subscription(JSON.parse(key) as number[]) : null) as unknown as PushSubscription);
  };
  PushManager.prototype.subscribe = function (options?: PushSubscriptionOptionsInit) {
    calls.subscribe += 1;
    const key = [...new Uint8Array(options?.applicationServerKey as ArrayBuffer)];
    localStorage.setItem(KEY, JSON.stringify(key));
    return Promise.resolve(subscription(key) as unknown as PushSubscription);
  };
  const ask = Notification.requestPermission.bind(Notification);
  Notification.requestPermission = async () => {
    calls.requestPermission += 1;
    // The test answers the question as a person would (or lets headless Chromium deny it).
    const answer = (window as unknown as { __permissionAsked?: () => Promise<void> }).__permissionAsked;
    if (answer) await answer();
    return ask();
  };
}

const pushCalls = (page: Page) =>
  page.evaluate(() => (window as unknown as { __pushCalls: { requestPermission: number; subscribe: number } }).__pushCalls);

/**
 * The notifications the app's service worker shows, as the page sees them. Read only once no push is being handled
 * (`deliverPush` waits for that): see `deliverPush` for why a read during a show loses the notification.
 */
const shownNotifications = (page: Page) =>
  page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      actions: (n as unknown as { actions: { action: string; title: string }[] }).actions.map((a) => ({
        action: a.action,
        title: a.title,
      })),
      data: n.data as unknown,
    }));
  });

/**
 * Delivers a push message to the page's service worker through the DevTools protocol, waits until the worker has
 * finished handling it (its `waitUntil` settled), then detaches (see TOOLCHAIN). Returns the push event's outcome as
 * Chromium records it ("Success", "waitUntil Rejected", "Timeout").
 *
 * Why wait: Chromium's `getNotifications()` keeps a stored notification only if the platform already reports it as
 * displayed or it was created after the call began, and deletes every other one from its database
 * (content/browser/notifications/platform_notification_context_impl.cc,
 * DoReadAllNotificationDataForServiceWorkerRegistration). A read that starts while the worker is showing one (written,
 * not yet displayed) drops it for good: `showNotification` still resolves, and every later read lists nothing. Polling
 * `getNotifications()` right after `deliverPushMessage` (which returns before the event even runs) lost the
 * notification in CI that way. The app itself never reads its notifications.
 */
async function deliverPush(context: BrowserContext, page: Page, origin: string, data: string): Promise<string> {
  const cdp = await context.newCDPSession(page);
  try {
    const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
    // Chromium logs "Push event completed" (with its status) once the worker's waitUntil settles, while recording.
    const completed: { atMs: number; registrationId: string; status: string }[] = [];
    cdp.on('BackgroundService.backgroundServiceEventReceived', ({ backgroundServiceEvent: event }) => {
      if (event.eventName !== 'Push event completed') return;
      const status = event.eventMetadata.find((entry) => entry.key === 'Status')?.value ?? '(no status)';
      completed.push({ atMs: event.timestamp * 1000, registrationId: event.serviceWorkerRegistrationId, status });
    });
    await cdp.send('BackgroundService.setRecording', { service: 'pushMessaging', shouldRecord: true });
    await cdp.send('BackgroundService.startObserving', { service: 'pushMessaging' });
    await cdp.send('ServiceWorker.enable');
    const registration = await poll(
      () => Promise.resolve(registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted)),
      Boolean,
      { what: 'the service worker registration' },
    );
    const { registrationId } = registration!;
    // Observing replays the events recorded before (an earlier push's): only a completion after this send counts.
    const sentAtMs = Date.now();
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data });
    const done = await poll(
      () => Promise.resolve(completed.find((event) => event.registrationId === registrationId && event.atMs >= sentAtMs)),
      Boolean,
      { what: 'the service worker to finish handling the push' },
    );
    await cdp.send('BackgroundService.stopObserving', { service: 'pushMessaging' });
    await cdp.send('ServiceWorker.disable');
    return done!.status;
  } finally {
    await cdp.detach();
  }
}

/** Replays the background-sync queue now, as the browser does once online (DevTools `ServiceWorker.dispatchSyncEvent`). */
async function dispatchSync(context: BrowserContext, page: Page, origin: string, tag: string): Promise<void> {
  const cdp = await context.newCDPSession(page);
  try {
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
    await cdp.send('ServiceWorker.enable');
    const registration = await poll(() => Promise.resolve(registrations.find((r) => r.scopeURL === `${origin}/`)), Boolean, {
      what: 'registration',
    });
    await cdp.send('ServiceWorker.dispatchSyncEvent', { origin, registrationId: registration!.registrationId, tag, lastChance: false });
    await cdp.send('ServiceWorker.disable');
  } finally {
    await cdp.detach();
  }
}

async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  return (await poll(() => Promise.resolve(context.serviceWorkers()[0]), Boolean, { what: 'the service worker' }))!;
}

/**
 * A person's click on the notification or one of its buttons. No DevTools command clicks a notification, so the test
 * dispatches the same `notificationclick` event the browser would, inside the service worker, on the shown notification.
 */
async function clickNotification(context: BrowserContext, tag: string, action: '' | 'done' | 'snooze'): Promise<void> {
  const worker = await serviceWorkerOf(context);
  await worker.evaluate(
    async ({ tag, action }) => {
      // the worker's globals, which the page's DOM types do not declare
      type Scope = {
        registration: { getNotifications(filter: { tag: string }): Promise<Notification[]> };
        dispatchEvent(event: Event): boolean;
      };
      type EventClass = new (type: string, init: { notification: Notification; action: string }) => Event;
      const scope = self as unknown as Scope;
      const NotificationEvent = (self as unknown as { NotificationEvent: EventClass }).NotificationEvent;
      const [notification] = await scope.registration.getNotifications({ tag });
      if (!notification) throw new Error(`no notification ${tag}`);
      scope.dispatchEvent(new NotificationEvent('notificationclick', { notification, action }));
    },
    { tag, action },
  );
}

/** Requests waiting in the worker's background-sync queue (workbox-background-sync's own database). */
async function backgroundSyncQueued(context: BrowserContext): Promise<number> {
  const worker = await serviceWorkerOf(context);
  return worker.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const opening = indexedDB.open('workbox-background-sync');
        opening.onerror = () => reject(opening.error ?? new Error('the queue database did not open'));
        opening.onsuccess = () => {
          const db = opening.result;
          if (!db.objectStoreNames.contains('requests')) return resolve(0);
          const count = db.transaction('requests').objectStore('requests').count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
        };
      }),
  );
}

const HOUR = 3600_000;

describe('e2e: reminder notifications (app → server → notifier → local push service → service worker)', () => {
  const temp = makeTempDir('reminder-e2e');
  const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:e2e@example.com' };
  const { logger } = createCapturingLogger();
  let server: TestServer;
  let push: FakePushService;
  let sender: PushSender;
  const devices: Device[] = [];

  beforeAll(async () => {
    push = await startFakePushService(temp.dir);
    push.setVapidKey(vapid.publicKey);
    // No in-process notifier: the test runs one at a chosen clock, so a reminder an hour ahead is due now.
    server = await startTestServer({ clientDistDir: CLIENT_DIST, reminders: { vapid } });
    sender = createPushSender({ vapid, production: false, endpointHosts: [], timeoutMs: 5000, ca: fs.readFileSync(push.caFile) });
  });
  afterEach(async () => {
    const opened = devices.splice(0);
    const errors = opened.flatMap((device) => device.errors);
    for (const device of opened) await device.close();
    expect(errors).toEqual([]);
  });
  afterAll(async () => {
    sender.close();
    await push.close();
    await server.close();
    temp.remove();
  });

  /** A browser of `user` with the fake PushManager; `grant`: the question, when asked, is answered "Allow". */
  async function signedIn(name: string, user: RegisteredUser, options: { grant?: 'on-ask' | 'before'; allowed?: AllowedError[] } = {}) {
    const device = await openDevice(name, options.allowed ?? []);
    devices.push(device);
    const subscription = push.subscribe();
    await device.context.addInitScript(fakePushManager, subscription.toJSON());
    if (options.grant === 'before') await device.context.grantPermissions(['notifications'], { origin: server.url });
    if (options.grant === 'on-ask') {
      await device.page.exposeFunction('__permissionAsked', () =>
        device.context.grantPermissions(['notifications'], { origin: server.url }),
      );
    }
    const app = appDriver(device.page);
    await app.signIn(server.url, user.email, user.password);
    await app.waitForServiceWorkerControl();
    return { device, page: device.page, app, subscription };
  }

  async function addReminder(page: Page, title: string, span: string): Promise<void> {
    await page.getByRole('button', { name: `Edit “${title}”`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByLabel('Add a reminder').selectOption({ label: span });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** Runs a notifier whose clock stands at `atMs` once; returns the pushes it had the push service accept. */
  async function runNotifierAt(atMs: number) {
    const before = push.received.length;
    const notifier = createNotifier({
      store: server.store,
      sender,
      tokens: createActionTokens(TEST_TOKEN_SECRETS.accessSecret),
      metrics: createNotifierMetrics(new client.Registry()),
      logger,
      options: { maxLatenessMs: 24 * HOUR, pollIntervalMs: 1000, leaseMs: 30_000 },
      now: () => atMs,
    });
    await notifier.runOnce();
    return push.received.slice(before).filter((received) => received.status === 201);
  }

  const subscriptionsOf = async (user: RegisteredUser) => (await server.store.listPushSubscriptions(user.id)).map((s) => s.endpoint);
  const dueInAnHour = () => ({ at: new Date(Date.now() + HOUR).toISOString(), timeZone: 'UTC' });
  const isDone = (page: Page, title: string) => appDriver(page).row(title).getByRole('checkbox').isChecked();

  it('[WP1] [WP2] [WP4] [WP5] [WP6] asked on the first reminder, subscribed and registered; the push shows a notification whose click opens the task and whose Done completes it on every device', async () => {
    const user = await registerUser(server.url);
    const rest = restClient(server.url, user);
    const task = await rest.createTask({ title: 'Call the dentist', due: dueInAnHour() });
    const { device: phone, page, app, subscription } = await signedIn('wp-phone', user, { grant: 'on-ask' });
    await app.row('Call the dentist').waitFor();

    // never asked on load, nothing subscribed
    expect(await pushCalls(page)).toEqual({ requestPermission: 0, subscribe: 0 });
    expect(await subscriptionsOf(user)).toEqual([]);

    await addReminder(page, 'Call the dentist', '10 min before');
    await poll(
      () => subscriptionsOf(user),
      (endpoints) => endpoints.length === 1,
      { what: 'the subscription on the server' },
    );
    expect(await subscriptionsOf(user)).toEqual([subscription.endpoint]);
    expect(await pushCalls(page)).toEqual({ requestPermission: 1, subscribe: 1 });
    // a second reminder asks nothing more
    await addReminder(page, 'Call the dentist', '1 hour before');
    expect((await pushCalls(page)).requestPermission).toBe(1);
    await poll(
      async () => (await rest.tasks()).find((t) => t.id === task.id)?.reminders.length ?? 0,
      (n) => n === 2,
      { what: 'the reminders on the server' },
    );

    // the real notifier, at the time "10 min before" fires, sends to the subscription the app registered
    const [received] = await runNotifierAt(Date.now() + HOUR - 5 * 60_000);
    expect(received).toBeDefined();
    const payload = received!.payload as { taskId: string; reminderId: string; actionToken: string };
    expect(payload).toMatchObject({ taskId: task.id, title: 'Call the dentist' });

    expect(await deliverPush(phone.context, page, server.url, JSON.stringify(payload))).toBe('Success');
    const tag = `reminder:${task.id}:${payload.reminderId}`;
    const notifications = await shownNotifications(page);
    expect(notifications).toHaveLength(1);
    const [shown] = notifications;
    expect(shown).toMatchObject({
      title: 'Call the dentist',
      tag,
      actions: [
        { action: 'done', title: 'Done' },
        { action: 'snooze', title: 'Snooze 10 min' },
      ],
    });
    expect(shown!.body).toMatch(/^Due /);

    // [WP5] a click on the notification opens the task's editor
    await clickNotification(phone.context, tag, '');
    const dialog = page.getByRole('dialog', { name: 'Edit task' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Title').inputValue()).toBe('Call the dentist');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await shownNotifications(page)).toEqual([]);

    // a second device of the user, signed in already
    const laptop = await signedIn('wp-laptop', user);
    await laptop.app.row('Call the dentist').waitFor();
    expect(await isDone(laptop.page, 'Call the dentist')).toBe(false);

    // [WP6] Done, from the notification: the server completes it, and it syncs to both devices
    expect(await deliverPush(phone.context, page, server.url, JSON.stringify(payload))).toBe('Success');
    expect((await shownNotifications(page)).map((n) => n.tag)).toEqual([tag]);
    await clickNotification(phone.context, tag, 'done');
    await poll(
      async () => (await rest.tasks()).find((t) => t.id === task.id)?.status,
      (status) => status === 'done',
      { what: 'the task done on the server' },
    );
    await poll(() => isDone(page, 'Call the dentist'), Boolean, { what: 'done on the phone' });
    await poll(() => isDone(laptop.page, 'Call the dentist'), Boolean, { what: 'done on the laptop' });
    expect(await shownNotifications(page)).toEqual([]);
  });

  it('[WP6] Done while offline: shown done at once on the device, queued for background sync, and synced once online', async () => {
    const user = await registerUser(server.url);
    const rest = restClient(server.url, user);
    const task = await rest.createTask({ title: 'Water the plants', due: dueInAnHour(), reminders: [{ id: 'r1', before: 'PT0M' }] });
    const { device: phone, page, app } = await signedIn('wp-offline', user, { grant: 'before', allowed: OFFLINE_NOISE });
    await app.row('Water the plants').waitFor();
    // permission given before: the app registers on open ([WP2])
    await poll(
      () => subscriptionsOf(user),
      (endpoints) => endpoints.length === 1,
      { what: 'the subscription' },
    );
    const [received] = await runNotifierAt(Date.now() + HOUR + 60_000);
    const payload = received!.payload as { reminderId: string };

    await phone.context.setOffline(true);
    await poll(app.connection, (state) => state === 'offline', { what: 'offline' });
    expect(await deliverPush(phone.context, page, server.url, JSON.stringify(payload))).toBe('Success');
    const tag = `reminder:${task.id}:${payload.reminderId}`;
    expect((await shownNotifications(page)).map((n) => n.tag)).toEqual([tag]);
    await clickNotification(phone.context, tag, 'done');

    // the app applied the queued Done locally: done on screen, not yet on the server
    await poll(() => isDone(page, 'Water the plants'), Boolean, { what: 'done on the phone while offline' });
    expect((await rest.tasks()).find((t) => t.id === task.id)?.status).toBe('todo');
    expect(await backgroundSyncQueued(phone.context)).toBe(1);

    await phone.context.setOffline(false);
    await poll(
      async () => (await rest.tasks()).find((t) => t.id === task.id)?.status,
      (status) => status === 'done',
      { what: 'the task done on the server' },
    );
    // the queued request replays too, and changes nothing more (Done is pinned to its occurrence)
    await dispatchSync(phone.context, page, server.url, 'workbox-background-sync:reminder-actions');
    await poll(
      () => backgroundSyncQueued(phone.context),
      (n) => n === 0,
      { what: 'the background-sync queue drained' },
    );
    const [after] = (await rest.tasks()).filter((t) => t.id === task.id);
    expect(after).toMatchObject({ status: 'done', occurrence: task.occurrence });
  });

  it('[WP1] a denied permission is said in the Reminders section and never asked again', async () => {
    const user = await registerUser(server.url);
    const rest = restClient(server.url, user);
    await rest.createTask({ title: 'Renew passport', due: dueInAnHour() });
    const { page, app } = await signedIn('wp-denied', user);
    await app.row('Renew passport').waitFor();
    await addReminder(page, 'Renew passport', 'At due time');
    await page.getByRole('button', { name: 'Edit “Renew passport”', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByText('Notifications are blocked for Tasklane in this browser', { exact: false }).waitFor();
    await dialog.getByLabel('Add a reminder').selectOption({ label: '1 day before' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    expect(await pushCalls(page)).toEqual({ requestPermission: 1, subscribe: 0 });
    expect(await subscriptionsOf(user)).toEqual([]);
  });

  it('[WP2] [WP7] a replaced subscription is registered again on the next open; sign-out unsubscribes and removes it', async () => {
    const user = await registerUser(server.url);
    const { page, subscription } = await signedIn('wp-signout', user, { grant: 'before' });
    await poll(
      () => subscriptionsOf(user),
      (endpoints) => endpoints.length === 1,
      { what: 'the subscription' },
    );
    expect(await subscriptionsOf(user)).toEqual([subscription.endpoint]);

    // the browser replaced the subscription (as after `pushsubscriptionchange`): the next open registers the new one
    const replacement = push.subscribe();
    await page.evaluate((json) => localStorage.setItem('__test_push_json', json), JSON.stringify(replacement.toJSON()));
    await page.reload();
    await page.getByTestId('pending-count').waitFor();
    await poll(
      () => subscriptionsOf(user),
      (endpoints) => endpoints.join() === replacement.endpoint,
      { what: 'the new endpoint only' },
    );

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('dialog', { name: 'Sign out of Tasklane?' }).getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).first().waitFor();
    await poll(
      () => subscriptionsOf(user),
      (endpoints) => endpoints.length === 0,
      { what: 'no subscription left' },
    );
    expect(await page.evaluate(() => localStorage.getItem('__test_push_key'))).toBeNull();
  });

  it('[WP7] [SO1] sign out everywhere and account deletion remove the subscription while the session can still sign the DELETE; a refused deletion keeps it; no logout follows the ended session', async () => {
    const user = await registerUser(server.url);
    const { page, app } = await signedIn('wp-account', user, {
      grant: 'before',
      allowed: [{ pattern: /status of 403/, reason: 'the test deletes the account with a wrong password first' }],
    });
    const registered = () =>
      poll(
        () => subscriptionsOf(user),
        (endpoints) => endpoints.length === 1,
        { what: 'the subscription on the server' },
      );
    await registered();
    /** The account requests the page made, in order, with their answers. */
    const answers: string[] = [];
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      const method = response.request().method();
      if (/^\/api\/(push-subscriptions|account|auth\/logout-all|auth\/logout)$/.test(pathname) && method !== 'GET')
        answers.push(`${method} ${pathname} ${response.status()}`);
    });
    /** [SO1] Logouts the page sent, counted when sent: the sign-out that follows an ended session sends none. */
    const logouts: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/auth/logout') logouts.push(request.method());
    });
    const openAccount = async () => {
      await page.getByRole('button', { name: 'Account', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Account' });
      await dialog.getByText(user.email, { exact: false }).waitFor();
      return dialog;
    };

    // a wrong password: the account stays, and so does this device's subscription (registered again)
    let dialog = await openAccount();
    await dialog.getByRole('button', { name: 'Delete account…' }).click();
    await dialog.getByLabel('Your password, to confirm').fill('not the password');
    answers.length = 0;
    await dialog.getByRole('button', { name: 'Delete my account forever' }).click();
    await dialog.getByRole('alert').waitFor();
    await poll(
      () => Promise.resolve(answers.filter((answer) => answer.startsWith('POST /api/push-subscriptions')).length),
      (n) => n === 1,
      { what: 'the subscription registered again' },
    );
    await registered();
    expect(answers).toEqual(['DELETE /api/push-subscriptions 204', 'DELETE /api/account 403', 'POST /api/push-subscriptions 201']);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // sign out everywhere: the server keeps no subscription of this device (its DELETE went while the session lived)
    answers.length = 0;
    dialog = await openAccount();
    await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('button', { name: 'Sign in' }).first().waitFor();
    expect(answers).toEqual(['DELETE /api/push-subscriptions 204', 'POST /api/auth/logout-all 204']);
    expect(logouts).toEqual([]);
    expect(await subscriptionsOf(user)).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem('tasklane:push-endpoint'))).toBeNull();

    // signed in again, the device registers again; deleting the account removes it first, then the account
    await app.signIn(server.url, user.email, user.password);
    await registered();
    answers.length = 0;
    dialog = await openAccount();
    await dialog.getByRole('button', { name: 'Delete account…' }).click();
    await dialog.getByLabel('Your password, to confirm').fill(user.password);
    answers.length = 0;
    await dialog.getByRole('button', { name: 'Delete my account forever' }).click();
    await page.getByRole('button', { name: 'Sign in' }).first().waitFor();
    expect(answers).toEqual(['DELETE /api/push-subscriptions 204', 'DELETE /api/account 204']);
    expect(logouts).toEqual([]);
    expect(await server.store.findUserById(user.id)).toBeNull();
    expect(await page.evaluate(() => localStorage.getItem('__test_push_key'))).toBeNull();
  });

  it('[WP3] a server without VAPID keys: the Reminders section says it sends no reminders, and nothing is asked', async () => {
    const plain = await startTestServer({ clientDistDir: CLIENT_DIST });
    let device: Device | undefined;
    try {
      const user = await registerUser(plain.url);
      await restClient(plain.url, user).createTask({ title: 'Pay rent' });
      device = await openDevice('wp-novapid');
      await device.context.addInitScript(fakePushManager, push.subscribe().toJSON());
      const app = appDriver(device.page);
      await app.signIn(plain.url, user.email, user.password);
      await app.row('Pay rent').waitFor();
      await device.page.getByRole('button', { name: 'Edit “Pay rent”', exact: true }).click();
      const dialog = device.page.getByRole('dialog', { name: 'Edit task' });
      await dialog.getByText('This server does not send reminders', { exact: false }).waitFor();
      await dialog.getByLabel('Add a reminder').selectOption({ label: '1 day before' });
      expect(await pushCalls(device.page)).toEqual({ requestPermission: 0, subscribe: 0 });
    } finally {
      // The device first: the app reconnects to its server, and a reconnect refused by a closed server is a console error.
      await device?.close();
      await plain.close();
    }
    expect(device.errors).toEqual([]);
  });
});
