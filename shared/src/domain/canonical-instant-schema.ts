import { z } from 'zod';
import { canonicalInstantProblem } from './canonical-instant';

/** An instant in its canonical spelling ([D7]): what the merge clocks of the v2 fields accept ([DM11], [DM14]). */
export const canonicalInstantSchema = z.string().superRefine((value, context) => {
  const problem = canonicalInstantProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});
