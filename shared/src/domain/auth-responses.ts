import { z } from 'zod';

const tokenSchema = z.string().min(1);

/** `POST /api/auth/refresh`: a fresh access token and the refresh token that replaces the one sent. */
export const tokenPairSchema = z.strictObject({
  accessToken: tokenSchema,
  refreshToken: tokenSchema,
});
export type TokenPair = z.infer<typeof tokenPairSchema>;

/** `POST /api/auth/register` and `POST /api/auth/login`: who signed in, and their tokens. */
export const authResultSchema = tokenPairSchema.extend({
  user: z.strictObject({ id: z.string().min(1), email: z.email() }),
});
export type AuthResult = z.infer<typeof authResultSchema>;

/** A cookie-only session's answers ([AU12]): the refresh token is in the httpOnly cookie alone. */
const cookieOnlyTokenSchema = tokenPairSchema.omit({ refreshToken: true });
const cookieOnlyAuthResultSchema = authResultSchema.omit({ refreshToken: true });

/** What register and login answer: with the refresh token, or without it when the request asked for `cookieOnly`. */
export const authResponseSchema = z.union([authResultSchema, cookieOnlyAuthResultSchema]);
/** What refresh answers: the same choice. */
export const refreshResponseSchema = z.union([tokenPairSchema, cookieOnlyTokenSchema]);
