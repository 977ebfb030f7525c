/** Fields whose values never reach a log line, at any depth, whatever their case (docs/operations.md [LG1]). */
const SENSITIVE_FIELDS = ['password', 'token', 'accessToken', 'refreshToken', 'secret', 'authorization', 'cookie', 'cookies', 'set-cookie'];

const REDACTED = '[redacted]';

/** Deeper than this, a value is replaced whole: redaction fails closed rather than recursing without bound. */
const MAX_DEPTH = 32;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const sensitive = new Set(SENSITIVE_FIELDS.map((field) => field.toLowerCase()));

/**
 * A sensitive key whose value is not already the censor. JSON.stringify escapes none of the names'
 * characters, so such a key appears verbatim; inside a string value every `"` is escaped, so a value
 * cannot fake one (it can only cause a needless, harmless parse).
 */
const UNREDACTED_SENSITIVE_KEY = new RegExp(
  `"(?:${[...sensitive].map(escapeRegExp).join('|')})":(?!${escapeRegExp(JSON.stringify(REDACTED))})`,
  'i',
);

/** A copy of `value` with every sensitive field censored, at any depth (also used for error reports). */
export function redactSensitiveFields<T>(value: T): T {
  return redactValue(value, 0) as T;
}

function redactValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item: unknown) => redactValue(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, sensitive.has(key.toLowerCase()) ? REDACTED : redactValue(inner, depth + 1)]),
  );
}

/**
 * Redacts one finished pino line (a JSON object and a newline), so it holds for the logged object, child
 * bindings, serialized errors and their causes alike. A line without an unredacted sensitive key, nearly
 * every line, is returned as it is, unparsed; the others are parsed, censored and written again.
 */
export function redactLogLine(line: string): string {
  if (!UNREDACTED_SENSITIVE_KEY.test(line)) return line;
  try {
    return `${JSON.stringify(redactSensitiveFields(JSON.parse(line)))}\n`;
  } catch {
    return `${JSON.stringify({ level: 50, msg: 'a log line was withheld: it could not be parsed to redact it' })}\n`;
  }
}
