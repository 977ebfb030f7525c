import { z } from 'zod';
import { timeZoneProblem } from './zoned-time';

/** [DM1] An IANA time zone name that this runtime's tz database knows, spelled as the database spells it. */
export const timeZoneSchema = z.string().superRefine((value, context) => {
  const problem = timeZoneProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});
