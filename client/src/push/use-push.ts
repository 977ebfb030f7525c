import { useEffect } from 'react';
import type { TaskCollection } from '../db/create-task-db';
import type { TaskRepository } from '../db/task-repository';
import type { TokenSource } from '../session/token-source';
import { onReminderSet } from '../ui/editor/reminder-set-hook';
import { PUSH_ASKED_KEY } from '../session/storage-keys';
import { pushState, pushSupported } from './push-status';
import type { PushSession } from './push-session';

// Reminder notifications load behind this import (the "push" chunk): most opens need none of it at once.
const loadPush = () => import(/* webpackChunkName: "push" */ './push-session');

let session: PushSession | null = null;

/**
 * [WP1] Asks for notification permission — in the user's click, as browsers require — and subscribes once granted.
 * `explicit`: the user pressed "Turn on notifications"; otherwise it is the first reminder being set, and the app asks by
 * itself only once per device, never when this server sends no reminders, never after a "Block".
 */
export function askForNotifications(explicit: boolean): void {
  if (!pushSupported() || !session) return;
  const state = pushState.get();
  if (state === 'unavailable' || state === 'unsupported' || state === 'denied') return;
  if (Notification.permission === 'default') {
    if (!explicit && localStorage.getItem(PUSH_ASKED_KEY)) return;
    localStorage.setItem(PUSH_ASKED_KEY, new Date().toISOString());
    session.enable(Notification.requestPermission());
  } else if (state !== 'on') {
    session.enable(Promise.resolve(Notification.permission));
  }
}

/** The signed-in app's reminder notifications: set up on open, the permission hook for the editor, torn down on unmount. */
export function usePush(deps: {
  tokens: TokenSource;
  userId: string;
  repository: TaskRepository | null;
  tasks: TaskCollection | null;
}): void {
  const { tokens, userId, repository, tasks } = deps;
  useEffect(() => {
    if (!repository || !tasks) return undefined;
    let cancelled = false;
    let started: PushSession | null = null;
    loadPush().then(
      (push) => {
        if (cancelled) return;
        started = push.startPushSession({ tokens, userId, repository, tasks });
        session = started;
      },
      (error: unknown) => console.warn('Tasklane: reminder notifications are unavailable (the push chunk did not load)', error),
    );
    onReminderSet(() => askForNotifications(false));
    return () => {
      cancelled = true;
      onReminderSet(null);
      started?.stop();
      if (session === started) session = null;
    };
  }, [tokens, userId, repository, tasks]);
}

/**
 * [WP7] After `signOutOfPush`, when the session did not end after all (a wrong password on deletion, offline): subscribes
 * and registers again, only when notifications were allowed (it never asks).
 */
export function resumePush(): void {
  if (pushSupported() && session && Notification.permission === 'granted') session.enable(Promise.resolve('granted'));
}

/** [WP7] Sign-out, before the session ends: unsubscribe and remove this device's subscription (best effort). */
export async function signOutOfPush(tokens: TokenSource): Promise<void> {
  if (!pushSupported()) return;
  try {
    await (await loadPush()).signOutOfPush(tokens);
  } catch (error) {
    console.warn('Tasklane: the push subscription could not be removed', error);
  }
}
