import type { z } from 'zod';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reasons: string[] };

/** Parses untrusted input; a refusal lists each reason as `path: message` (`(root)` for the value itself). */
export function parseWithReasons<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const reasons = result.error.issues.map(
    (issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`,
  );
  return { ok: false, reasons };
}
