import { z } from 'zod';

/** `GET /api/account` ([AC5]): who is signed in, and whether their address is verified. */
export const accountViewSchema = z.strictObject({
  user: z.strictObject({ id: z.string().min(1), email: z.email() }),
  emailVerified: z.boolean(),
});
export type AccountView = z.infer<typeof accountViewSchema>;
