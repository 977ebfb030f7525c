import { z } from 'zod';
import { CANONICAL_RANGE_MESSAGE, inCanonicalRange } from './iso-timestamp';
import { TASK_LIMITS } from './task-fields';

/**
 * An ISO-8601 date-time with offset, at most 40 characters (RxDB's bound on indexed strings, [D6]), whose UTC
 * instant lies in the years 0000–9999 so that it has a canonical spelling. The server stores the canonical
 * spelling ([D7]); any other valid spelling is accepted on input.
 */
export const isoDateTimeSchema = z.iso
  .datetime({ offset: true })
  .max(TASK_LIMITS.isoDateMaxLength)
  .refine(inCanonicalRange, { message: CANONICAL_RANGE_MESSAGE });
