import { useState } from 'react';
import { isAtReminder, REMINDER_LIMITS, type Reminder } from '@tasklane/shared/domain/reminder';
import { newTaskId } from '@tasklane/shared/domain/task-id';
import { dueFromInputs, formatDay, inputsFromDue } from '../tasks/due-date';
import { reminderSet } from './reminder-set-hook';
import { PushNotice } from '../../push/push-notice';

const SPANS: [string, string][] = [
  ['PT0M', 'At due time'],
  ['PT10M', '10 min before'],
  ['PT1H', '1 hour before'],
  ['P1D', '1 day before'],
];

/** How a reminder reads: "10 min before", "Fri 6 Mar 09:00" (in the user's zone). */
export function reminderLabel(reminder: Reminder, timeZone: string): string {
  if (isAtReminder(reminder)) {
    const { date, time } = inputsFromDue({ at: reminder.at, timeZone }, timeZone);
    return `${formatDay(date)} ${time}`;
  }
  return SPANS.find(([span]) => span === reminder.before)?.[1] ?? `${reminder.before.replace(/[PT]/g, '').toLowerCase()} before`;
}

/**
 * [RM8] The editor's Reminders: at the due time, 10 min / 1 h / 1 day before, or at a chosen date and time. A span
 * before the due needs a due with a time; without one it is kept and marked "needs a due time" ([RM3]).
 */
export function ReminderFields(props: { value: Reminder[]; timedDue: boolean; timeZone: string; onChange: (value: Reminder[]) => void }) {
  const { value, timeZone } = props;
  const [picking, setPicking] = useState(false);
  const [at, setAt] = useState('');
  const add = (reminder: { at: string } | { before: string }) => {
    reminderSet();
    props.onChange([...value, { id: newTaskId(), ...reminder }]);
  };
  const addAt = () => {
    const [date = '', time = ''] = at.split('T');
    const parsed = dueFromInputs({ date, time }, timeZone);
    if (parsed.ok && parsed.due && 'at' in parsed.due) add({ at: parsed.due.at });
    setPicking(false);
  };
  return (
    <fieldset className="reminder-fields">
      <legend>Reminders</legend>
      <PushNotice hasReminders={value.length > 0} />
      <ul>
        {value.map((reminder) => {
          const label = reminderLabel(reminder, timeZone);
          return (
            <li key={reminder.id}>
              {label}
              {!isAtReminder(reminder) && !props.timedDue && <span className="hint"> (needs a due time)</span>}{' '}
              <button
                type="button"
                className="link"
                aria-label={`Remove reminder ${label}`}
                onClick={() => props.onChange(value.filter((r) => r.id !== reminder.id))}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      {value.length < REMINDER_LIMITS.maxToSet && (
        <>
          <label htmlFor="edit-reminder-add">Add a reminder</label>
          <select
            id="edit-reminder-add"
            value=""
            onChange={(e) => (e.target.value === 'at' ? setPicking(true) : add({ before: e.target.value }))}
          >
            <option value="">Choose…</option>
            {SPANS.map(([span, label]) => (
              <option key={span} value={span}>
                {label}
              </option>
            ))}
            <option value="at">At a date and time…</option>
          </select>
        </>
      )}
      {picking && (
        <div className="row">
          <label htmlFor="edit-reminder-at">Remind at</label>
          <input id="edit-reminder-at" type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
          <button type="button" onClick={addAt}>
            Add
          </button>
        </div>
      )}
    </fieldset>
  );
}
