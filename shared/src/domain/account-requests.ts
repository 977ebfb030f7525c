import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './credentials';

/** A link's token as mailed: 43 base64url characters; anything else is refused like an unknown token ([AC3]). */
const linkTokenSchema = z.string().min(1).max(200);
const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);

/** `POST /api/auth/password-reset` ([AC1]). */
export const passwordResetRequestSchema = z.strictObject({ email: z.email().max(254) });

/** `POST /api/auth/password-reset/confirm` ([AC3]). */
export const passwordResetConfirmSchema = z.strictObject({ token: linkTokenSchema, password: passwordSchema });

/** `POST /api/auth/verify-email` ([AC5]). */
export const verifyEmailSchema = z.strictObject({ token: linkTokenSchema });

/** `POST /api/auth/password` ([AC6]). */
export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: passwordSchema,
});

/** `DELETE /api/account` ([AC8]): the password again. */
export const deleteAccountSchema = z.strictObject({ password: z.string().min(1).max(PASSWORD_MAX_LENGTH) });

/** A body that must be empty (`POST /api/auth/logout-all`, `/verify-email/resend`). */
export const emptyBodySchema = z.strictObject({});
