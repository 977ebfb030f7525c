import { sharedTaskFrom, type SharedTask } from './shared-task';

/** The manifest's "New task" shortcut and share target (built by client/build/phone-manifest.cjs). */
export const NEW_TASK_ACTION = 'new-task';
export const SHARE_TARGET_PATH = '/share-target';

/** Why the app was opened, when it was not simply opened. `task: null` is a share with nothing usable in it. */
export type LaunchIntent = { kind: 'new-task' } | { kind: 'share'; task: SharedTask | null };

export function launchIntentOf(url: URL): LaunchIntent | null {
  if (url.pathname === SHARE_TARGET_PATH) {
    const param = (name: string) => url.searchParams.get(name) ?? '';
    return { kind: 'share', task: sharedTaskFrom({ title: param('title'), text: param('text'), url: param('url') }) };
  }
  if (url.searchParams.get('action') === NEW_TASK_ACTION) return { kind: 'new-task' };
  return null;
}

let pending: LaunchIntent | null = null;

/**
 * Read once at start-up, before the first render. The address goes back to `/` at once, so a reload or a bookmark
 * does not share the same text twice; the intent waits in memory until the task screen takes it (after sign-in if
 * need be, in this page).
 */
export function captureLaunchIntent(): void {
  pending = launchIntentOf(new URL(location.href));
  if (pending) history.replaceState(history.state, '', '/');
}

/** The pending intent of this kind, handed out once (React StrictMode runs effects twice). */
export function takeLaunchIntent<K extends LaunchIntent['kind']>(kind: K): Extract<LaunchIntent, { kind: K }> | null {
  if (pending?.kind !== kind) return null;
  const intent = pending as Extract<LaunchIntent, { kind: K }>;
  pending = null;
  return intent;
}
