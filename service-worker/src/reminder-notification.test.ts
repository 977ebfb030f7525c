import { parseReminderPayload } from '@tasklane/shared/protocol/reminder-payload';
import { workerMessageOf } from './messages';
import { dueText, reminderNotification, reminderTag } from './reminder-notification';
import { tokenUserId } from './reminder-push';

const push = {
  taskId: 't1',
  title: 'Call the dentist',
  dueAt: '2026-03-06T14:30:00.000Z',
  reminderId: 'r1',
  fireAt: '2026-03-06T14:20:00.000Z',
  actionToken: 'a.b.c',
};

describe('reminder notifications in the service worker', () => {
  it('[WP4] shows the task title, its due in the device zone, one tag per reminder, and the Done and Snooze 10 min buttons', () => {
    const { title, options } = reminderNotification(push, 'en-GB', 'Europe/Berlin');
    expect(title).toBe('Call the dentist');
    expect(options.body).toBe('Due Fri 6 Mar, 15:30');
    expect(options.tag).toBe(reminderTag(push));
    expect(options.tag).toBe('reminder:t1:r1');
    expect(options.data).toEqual(push);
    expect(options.actions).toEqual([
      { action: 'done', title: 'Done' },
      { action: 'snooze', title: 'Snooze 10 min' },
    ]);
  });

  it('[WP4] a date-only due reads as its day in any zone; no due reads as a plain reminder', () => {
    expect(dueText('2026-03-06', 'en-GB', 'Pacific/Honolulu')).toBe('Due Fri 6 Mar');
    expect(dueText(null, 'en-GB')).toBe('Reminder');
  });

  it('[WP4] reads only a push of the notifier’s shape; anything else is no reminder', () => {
    expect(parseReminderPayload(JSON.stringify(push))).toEqual(push);
    expect(parseReminderPayload(JSON.stringify({ ...push, occurrence: 3 }))).toEqual({ ...push, occurrence: 3 });
    expect(parseReminderPayload(JSON.stringify({ ...push, occurrence: 1.5 }))).toBeNull();
    expect(parseReminderPayload(JSON.stringify({ ...push, actionToken: '' }))).toBeNull();
    expect(parseReminderPayload(JSON.stringify({ ...push, dueAt: 5 }))).toBeNull();
    expect(parseReminderPayload('not json')).toBeNull();
    expect(parseReminderPayload('null')).toBeNull();
  });

  it('[WP6] reads the user of an action token (its sub) without trusting it for anything else', () => {
    const claims = btoa(JSON.stringify({ sub: 'user-1', tid: 't1' }))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    expect(tokenUserId(`header.${claims}.signature`)).toBe('user-1');
    expect(tokenUserId('no-dots')).toBeNull();
    expect(tokenUserId('a.!!!.c')).toBeNull();
  });

  it('[WP5] the page takes only the worker messages it knows', () => {
    expect(workerMessageOf({ type: 'OPEN_TASK', taskId: 't1' })).toEqual({ type: 'OPEN_TASK', taskId: 't1' });
    expect(workerMessageOf({ type: 'OPEN_TASK' })).toBeNull();
    expect(workerMessageOf({ type: 'NOTIFICATION_ACTIONS_QUEUED' })).toEqual({ type: 'NOTIFICATION_ACTIONS_QUEUED' });
    expect(workerMessageOf({ type: 'SKIP_WAITING' })).toBeNull();
    expect(workerMessageOf('OPEN_TASK')).toBeNull();
  });
});
