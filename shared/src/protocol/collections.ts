import { z } from 'zod';

/**
 * [DM22] The replicated collections. Each replicates on its own (RxDB replicates per collection, each with its own
 * checkpoint); `seq` is allocated per user across all of them, so one head orders every write of a user.
 */
export const REPLICATED_COLLECTIONS = ['tasks', 'lists'] as const;
export type ReplicatedCollection = (typeof REPLICATED_COLLECTIONS)[number];

/** A message's collection; absent means `tasks`, the only collection of protocol version 1. */
export const collectionSchema = z.enum(REPLICATED_COLLECTIONS).default('tasks');
