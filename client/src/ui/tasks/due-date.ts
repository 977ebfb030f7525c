/** `<input type="date">` value ↔ the ISO `dueAt`: noon local time, so the day never shifts across time zones. */
export function dueAtFromDateInput(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12).toISOString();
}

export function dateInputFromDueAt(dueAt: string | null): string {
  if (!dueAt) return '';
  const date = new Date(dueAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
