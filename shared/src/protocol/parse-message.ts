import type { z } from 'zod';
import { ProtocolError } from './protocol-error';

const MAX_REPORTED_ISSUES = 5;
/**
 * [AX2] An issue can quote the input (zod lists every unrecognised key), so each is cut to this many characters:
 * the error of a 7 MB message of unknown keys was itself 7 MB, sent back and kept in memory while it was built.
 */
const MAX_ISSUE_CHARACTERS = 200;

function bounded(text: string): string {
  return text.length > MAX_ISSUE_CHARACTERS ? `${text.slice(0, MAX_ISSUE_CHARACTERS - 1)}…` : text;
}

/** Parses untrusted input against its schema; any mismatch is an `INVALID_MESSAGE` naming the fields. */
export function parseMessage<S extends z.ZodType>(schema: S, payload: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return bounded(`${where}: ${issue.message}`);
  });
  const more = result.error.issues.length > MAX_REPORTED_ISSUES ? ` (and ${result.error.issues.length - MAX_REPORTED_ISSUES} more)` : '';
  throw new ProtocolError('INVALID_MESSAGE', `invalid ${what}: ${issues.join('; ')}${more}`);
}
