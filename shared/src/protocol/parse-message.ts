import type { z } from 'zod';
import { ProtocolError } from './protocol-error';

const MAX_REPORTED_ISSUES = 5;

/** Parses untrusted input against its schema; any mismatch is an `INVALID_MESSAGE` naming the fields. */
export function parseMessage<S extends z.ZodType>(schema: S, payload: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${where}: ${issue.message}`;
  });
  const more = result.error.issues.length > MAX_REPORTED_ISSUES ? ` (and ${result.error.issues.length - MAX_REPORTED_ISSUES} more)` : '';
  throw new ProtocolError('INVALID_MESSAGE', `invalid ${what}: ${issues.join('; ')}${more}`);
}
