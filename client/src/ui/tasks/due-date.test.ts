import { dateInputFromDueAt, dueAtFromDateInput } from './due-date';

describe('due date input', () => {
  it('round-trips a calendar day', () => {
    expect(dateInputFromDueAt(dueAtFromDateInput('2026-02-28'))).toBe('2026-02-28');
  });
  it('treats an empty or malformed value as no due date', () => {
    expect(dueAtFromDateInput('')).toBeNull();
    expect(dueAtFromDateInput('28/02/2026')).toBeNull();
    expect(dateInputFromDueAt(null)).toBe('');
  });
});
