import { reminderFireTimes, isReminderActive, nextReminderFire } from './reminder-fires';
import { newTask } from './task-defaults';

const T0 = '2026-03-01T08:00:00.000Z';
const base = newTask({ id: 'task-1', title: 'Call the dentist', createdAt: T0, updatedAt: T0 });
const timedDue = { at: '2026-03-10T09:00:00.000Z', timeZone: 'Europe/Berlin' };

describe('when reminders fire', () => {
  it('[RM3] an at reminder fires at its instant; a before reminder that span before a timed due; sorted by time, then id', () => {
    const task = {
      ...base,
      due: timedDue,
      reminders: [
        { id: 'r-z', at: '2026-03-09T12:00:00.000Z' },
        { id: 'r-day', before: 'P1D' },
        { id: 'r-due', before: 'PT0M' },
        { id: 'r-10', before: 'PT10M' },
        { id: 'r-a', at: '2026-03-09T09:00:00.000Z' },
        { id: 'r-mix', before: 'P1DT2H30M' },
      ],
    };
    expect(reminderFireTimes(task)).toEqual([
      { reminderId: 'r-mix', fireAt: '2026-03-09T06:30:00.000Z' },
      { reminderId: 'r-a', fireAt: '2026-03-09T09:00:00.000Z' },
      { reminderId: 'r-day', fireAt: '2026-03-09T09:00:00.000Z' },
      { reminderId: 'r-z', fireAt: '2026-03-09T12:00:00.000Z' },
      { reminderId: 'r-10', fireAt: '2026-03-10T08:50:00.000Z' },
      { reminderId: 'r-due', fireAt: '2026-03-10T09:00:00.000Z' },
    ]);
    expect(nextReminderFire(task, '2026-03-09T09:00:00.001Z')).toEqual({ reminderId: 'r-z', fireAt: '2026-03-09T12:00:00.000Z' });
    expect(nextReminderFire(task, '2026-03-10T09:00:00.001Z')).toBeNull();
  });

  it('[RM3] a before reminder without a due, or with a date-only due, is inactive: kept, never fires', () => {
    const reminders = [
      { id: 'r-1', before: 'PT1H' },
      { id: 'r-2', at: '2026-03-09T12:00:00.000Z' },
    ];
    for (const due of [null, { date: '2026-03-10' }]) {
      const task = { ...base, due, reminders };
      expect(reminderFireTimes(task)).toEqual([{ reminderId: 'r-2', fireAt: '2026-03-09T12:00:00.000Z' }]);
      expect(isReminderActive(task, reminders[0]!)).toBe(false);
      expect(isReminderActive(task, reminders[1]!)).toBe(true);
    }
    expect(isReminderActive({ due: timedDue }, reminders[0]!)).toBe(true);
  });

  it('[RM3] a done or deleted task fires nothing; fires in the past are still listed', () => {
    const reminders = [{ id: 'r-1', at: '2000-01-01T00:00:00.000Z' }];
    expect(reminderFireTimes({ ...base, reminders })).toEqual([{ reminderId: 'r-1', fireAt: '2000-01-01T00:00:00.000Z' }]);
    expect(reminderFireTimes({ ...base, reminders, status: 'done', completedAt: T0 })).toEqual([]);
    expect(reminderFireTimes({ ...base, reminders, _deleted: true })).toEqual([]);
    expect(reminderFireTimes(base)).toEqual([]);
  });
});
