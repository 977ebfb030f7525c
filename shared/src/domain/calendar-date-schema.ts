import { z } from 'zod';
import { calendarDateProblem } from './calendar-date';

/** [DM1] A calendar date: `YYYY-MM-DD`, a real day (2024-02-29 yes, 2026-02-29 no), years 1900–9999. */
export const calendarDateSchema = z.string().superRefine((value, context) => {
  const problem = calendarDateProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});
