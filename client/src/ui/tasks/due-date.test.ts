import { describeDue, dueFromInputs, formatDay, inputsFromDue } from './due-date';

const BERLIN = 'Europe/Berlin';
// Monday 4 May 2026, 10:00 in Berlin
const NOW = new Date('2026-05-04T08:00:00.000Z');

describe('due date inputs', () => {
  it('[ED1] no date is no due, a date alone is a date-only due, a date and a time are an instant in the device zone', () => {
    expect(dueFromInputs({ date: '', time: '' }, BERLIN)).toEqual({ ok: true, due: null });
    expect(dueFromInputs({ date: '2026-05-04', time: '' }, BERLIN)).toEqual({ ok: true, due: { date: '2026-05-04' } });
    expect(dueFromInputs({ date: '2026-05-04', time: '09:00' }, BERLIN)).toEqual({
      ok: true,
      due: { at: '2026-05-04T07:00:00.000Z', timeZone: BERLIN },
    });
    expect(dueFromInputs({ date: '2026-01-15', time: '09:00' }, BERLIN)).toEqual({
      ok: true,
      due: { at: '2026-01-15T08:00:00.000Z', timeZone: BERLIN },
    });
    // a wall clock the spring-forward gap skips moves forward by the gap ([DM4])
    expect(dueFromInputs({ date: '2026-03-29', time: '02:30' }, BERLIN)).toEqual({
      ok: true,
      due: { at: '2026-03-29T01:30:00.000Z', timeZone: BERLIN },
    });
  });

  it('[ED1] refuses a time without a date, a malformed time and a day the calendar lacks, saying why', () => {
    expect(dueFromInputs({ date: '', time: '09:00' }, BERLIN)).toEqual({ ok: false, reason: 'Choose a date for the time.' });
    expect(dueFromInputs({ date: '2026-05-04', time: '25:00' }, BERLIN)).toEqual({ ok: false, reason: 'The time must be HH:MM.' });
    expect(dueFromInputs({ date: '2026-02-29', time: '' }, BERLIN)).toMatchObject({ ok: false });
  });

  it('[ED1] shows a due in the inputs as the wall clock where the user is now', () => {
    expect(inputsFromDue(null, BERLIN)).toEqual({ date: '', time: '' });
    expect(inputsFromDue({ date: '2026-05-04' }, 'Pacific/Kiritimati')).toEqual({ date: '2026-05-04', time: '' });
    const due = { at: '2026-05-04T21:30:00.000Z', timeZone: BERLIN };
    expect(inputsFromDue(due, BERLIN)).toEqual({ date: '2026-05-04', time: '23:30' });
    expect(inputsFromDue(due, 'Australia/Lord_Howe')).toEqual({ date: '2026-05-05', time: '08:00' });
    const inputs = { date: '2026-10-25', time: '17:45' };
    const parsed = dueFromInputs(inputs, BERLIN);
    expect(parsed.ok && inputsFromDue(parsed.due, BERLIN)).toEqual(inputs);
  });
});

describe('due on a row', () => {
  const text = (due: Parameters<typeof describeDue>[0]) => describeDue(due, NOW, BERLIN).text;

  it('[ED2] says Today, Tomorrow or the day, with the time of a timed due in the user zone', () => {
    expect(text({ date: '2026-05-04' })).toBe('Today');
    expect(text({ at: '2026-05-04T10:00:00.000Z', timeZone: BERLIN })).toBe('Today 12:00');
    expect(text({ date: '2026-05-05' })).toBe('Tomorrow');
    expect(text({ at: '2026-05-05T07:00:00.000Z', timeZone: 'America/New_York' })).toBe('Tomorrow 09:00');
    expect(text({ date: '2026-05-11' })).toBe('Mon 11 May');
    expect(text({ date: '2027-01-01' })).toBe('Fri 1 Jan 2027');
  });

  it('[ED2] marks an overdue due in words, counting the days', () => {
    expect(describeDue({ date: '2026-05-02' }, NOW, BERLIN)).toEqual({ text: 'Overdue · 2 days', overdue: true, dateTime: '2026-05-02' });
    expect(text({ date: '2026-05-03' })).toBe('Overdue · 1 day');
    expect(text({ at: '2026-05-04T07:00:00.000Z', timeZone: BERLIN })).toBe('Overdue · Today 09:00');
    expect(describeDue({ date: '2026-05-04' }, NOW, BERLIN).overdue).toBe(false);
  });

  it('formats a day with its weekday, and the year only when it is not the current one', () => {
    expect(formatDay('2026-05-04', 2026)).toBe('Mon 4 May');
    expect(formatDay('2024-02-29', 2026)).toBe('Thu 29 Feb 2024');
  });
});
