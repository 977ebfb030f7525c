import { z } from 'zod';
import { REMINDER_ACTIONS } from '../sync/reminder-actions';

/** [NT15] The body of `POST /api/reminder-actions`: a notification's action token and the action taken. */
export const reminderActionSchema = z.strictObject({ token: z.string().min(1).max(2000), action: z.enum(REMINDER_ACTIONS) });

/** [NT6] `GET /api/push-config`: the key browsers subscribe with, or null when this server sends no reminders. */
export const pushConfigSchema = z.object({ vapidPublicKey: z.string().nullable() });

/** [NT1] What `POST /api/push-subscriptions` answers. */
export const pushSubscriptionRegisteredSchema = z.object({ endpoint: z.string() });
