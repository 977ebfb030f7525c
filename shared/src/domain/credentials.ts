import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;

export const credentialsSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
});
export type Credentials = z.infer<typeof credentialsSchema>;

/** The body may be empty when the web client sends its refresh token as a cookie. */
export const refreshRequestSchema = z.strictObject({
  refreshToken: z.string().min(1).max(4096).optional(),
});
