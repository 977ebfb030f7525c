import { createExternalStore } from '../ui/external-store';

/**
 * Reminder notifications on this device, as the Reminders section tells them ([WP1], [WP3]):
 * `unknown` (not looked at yet, or offline), `unsupported` (no service worker or Push API), `unavailable` (this server
 * sends no reminders), `default` (not asked, or the question was dismissed), `denied`, `on` (subscribed and registered),
 * `failed` (the browser refused to subscribe).
 */
export type PushState = 'unknown' | 'unsupported' | 'unavailable' | 'default' | 'denied' | 'on' | 'failed';

export const pushState = createExternalStore<PushState>('unknown');

export function pushSupported(): boolean {
  return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}
