import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * `true`: the refresh token travels only in the httpOnly cookie and the JSON answer carries none, so no script in
 * the page can read it (docs/protocol.md [AU12]). The web client always asks for it.
 */
const cookieOnlySchema = z
  .boolean()
  .describe('true: the refresh token is only set as the HttpOnly cookie, and the answer carries none')
  .optional();

export const credentialsSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  cookieOnly: cookieOnlySchema,
});
export type Credentials = z.infer<typeof credentialsSchema>;

/** The body may be empty (or carry only `cookieOnly`) when the web client sends its refresh token as a cookie. */
export const refreshRequestSchema = z.strictObject({
  refreshToken: z.string().min(1).max(4096).optional(),
  cookieOnly: cookieOnlySchema,
});
