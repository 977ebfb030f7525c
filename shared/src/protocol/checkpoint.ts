import { z } from 'zod';

/** Names one store's history (docs/protocol.md [G1]); a store restored or replaced may have another. */
export const storeGenerationSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a store generation is 1-64 characters of [A-Za-z0-9_-]');

/**
 * Position in one user's change sequence: every change with `seq` ≤ this has been seen.
 * A client sends back what it received; `generation` may be missing only in
 * checkpoints kept by clients older than generations (docs/protocol.md [G4]).
 */
export const checkpointSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  generation: storeGenerationSchema.optional(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

/** Every checkpoint the server sends names the generation of its store ([G2]). */
export const serverCheckpointSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  generation: storeGenerationSchema,
});
export type ServerCheckpoint = z.infer<typeof serverCheckpointSchema>;
