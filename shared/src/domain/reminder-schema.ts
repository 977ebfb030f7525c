import { z } from 'zod';
import { canonicalInstantSchema } from './canonical-instant-schema';
import { documentIdSchema } from './document-id-schema';
import { isoDateTimeSchema } from './iso-timestamp-schema';
import { canonicalDurationProblem, DURATION_MESSAGE, durationMinutes, REMINDER_LIMITS } from './reminder';

/** [RM2] A span before the due, in its canonical spelling (`PT0M`, `PT10M`, `PT1H`, `P1D`, `P1DT2H30M`; at most 28 days). */
export const canonicalDurationSchema = z.string().superRefine((value, context) => {
  const problem = canonicalDurationProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

/** [RM1] A reminder at a chosen instant (canonical spelling in the document). */
export const atReminderSchema = z.strictObject({ id: documentIdSchema, at: canonicalInstantSchema });

/** [RM1] A reminder a span before the task's due instant. */
export const beforeReminderSchema = z.strictObject({ id: documentIdSchema, before: canonicalDurationSchema });

const REMINDER_SHAPE = 'a reminder is { "id", "at": <ISO-8601 instant> } or { "id", "before": <ISO-8601 duration> }';

/** [RM1] One reminder; the reason names the shape its keys meant, as `dueSchema` does. */
export const reminderSchema = z.union([atReminderSchema, beforeReminderSchema], {
  error: (issue) => {
    if (issue.code !== 'invalid_union') return undefined;
    const input = issue.input;
    const isObject = input !== null && typeof input === 'object' && !Array.isArray(input);
    const shape = !isObject ? undefined : 'at' in input ? 0 : 'before' in input ? 1 : undefined;
    const reason = shape === undefined ? undefined : issue.errors[shape]?.[0];
    return reason ? `${REMINDER_SHAPE}; ${reason.path.map(String).join('.') || '(root)'}: ${reason.message}` : REMINDER_SHAPE;
  },
});

/** [RM1] A task's reminders: each id once, at most `REMINDER_LIMITS.maxEntries` (room for what merges bring in, [RM5]). */
export const remindersSchema = z
  .array(reminderSchema)
  .max(REMINDER_LIMITS.maxEntries)
  .refine((reminders) => new Set(reminders.map((reminder) => reminder.id)).size === reminders.length, {
    message: 'reminder ids must be unique',
  });

/** [RM7] A span as REST takes it: any spelling of `PnDTnHnM` up to 28 days (`PT90M`); stored canonical (`PT1H30M`). */
export const durationInputSchema = z.string().superRefine((value, context) => {
  if (durationMinutes(value) === null) context.addIssue({ code: 'custom', message: DURATION_MESSAGE });
});

/** [RM7] A reminder as REST takes it: an instant in any ISO-8601 offset, or a span in any spelling; the server stores them canonical. */
export const reminderInputSchema = z.union([
  z.strictObject({ id: documentIdSchema, at: isoDateTimeSchema }),
  z.strictObject({ id: documentIdSchema, before: durationInputSchema }),
]);

/** [RM7] The whole list of a task's reminders as REST sets it: at most `REMINDER_LIMITS.maxToSet`, each id once. */
export const remindersInputSchema = z
  .array(reminderInputSchema)
  .max(REMINDER_LIMITS.maxToSet)
  .refine((reminders) => new Set(reminders.map((reminder) => reminder.id)).size === reminders.length, {
    message: 'reminder ids must be unique',
  });
