import type { PushApi } from './push-api';
import { PUSH_ENDPOINT_KEY } from '../session/storage-keys';
import { pushSupported, type PushState } from './push-status';

export type PushSetUpDeps = {
  api: PushApi;
  storage: Storage;
  /** The permission as it is now, or as the question asked in the user's click answers. */
  permission: Promise<NotificationPermission>;
};

function base64urlBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function sameKey(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const bytes = new Uint8Array(a);
  return bytes.every((byte, index) => byte === b[index]);
}

/**
 * [WP2] With permission granted: subscribes (or keeps the browser's subscription when it is for this server's key) and
 * registers it — on every open, so a subscription the server dropped or the browser replaced comes back; the endpoint
 * registered before, when it changed, is removed. Without a VAPID key on the server nothing is asked ([WP3]).
 */
export async function setUpPush(deps: PushSetUpDeps): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const key = await deps.api.vapidPublicKey();
  if (key === null) return 'unavailable';
  const permission = await deps.permission;
  if (permission === 'denied') return 'denied';
  if (permission !== 'granted') return 'default';
  const registration = await navigator.serviceWorker.ready;
  const serverKey = base64urlBytes(key);
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options.applicationServerKey, serverKey)) {
    // Subscribed for another server's key (the server's keys changed): its pushes would never come.
    await subscription.unsubscribe().catch(() => undefined);
    subscription = null;
  }
  try {
    subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey });
  } catch (error) {
    console.warn('Tasklane: this browser could not subscribe to reminder notifications', error);
    return 'failed';
  }
  const before = deps.storage.getItem(PUSH_ENDPOINT_KEY);
  await deps.api.register(subscription.toJSON());
  deps.storage.setItem(PUSH_ENDPOINT_KEY, subscription.endpoint);
  if (before && before !== subscription.endpoint) await deps.api.unregister(before).catch(() => undefined);
  return 'on';
}

/**
 * [WP7] Sign-out: this browser stops receiving the user's reminders. Unsubscribes (the push service then answers the
 * server 410, which removes the subscription even when the DELETE below cannot be sent) and removes it from the server.
 */
export async function tearDownPush(deps: Pick<PushSetUpDeps, 'api' | 'storage'>): Promise<void> {
  if (!pushSupported()) return;
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = await registration?.pushManager.getSubscription();
  const endpoint = subscription?.endpoint ?? deps.storage.getItem(PUSH_ENDPOINT_KEY);
  deps.storage.removeItem(PUSH_ENDPOINT_KEY);
  await subscription?.unsubscribe().catch(() => undefined);
  // Offline, or the session already ended (deleted account, signed out everywhere): the 410 path above covers it.
  if (endpoint) await deps.api.unregister(endpoint).catch(() => undefined);
}
