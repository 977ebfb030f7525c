/**
 * The pieces of the zod-free document checks (`task-check.ts`, `task-list-check.ts`, `recurrence-check.ts`): the PWA
 * checks documents without shipping zod ([B1], [ZF2]). Each `check…` adds what is wrong to `problems` and returns
 * whether the value was valid, so a rule between fields runs only on fields that are.
 */

export type Path = readonly (string | number)[];

/** Reasons in the spelling of `parseWithReasons`: `path: message`, `(root)` for the value itself. */
export class Problems {
  readonly reasons: string[] = [];
  /**
   * Whether every object checked held its keys in the order `checkObject` was given, which is the schema's: zod
   * returns an object with its keys in the schema's order, so only then is a valid input already what zod would return.
   */
  inSchemaOrder = true;

  add(path: Path, message: string): void {
    this.reasons.push(`${path.length > 0 ? path.map(String).join('.') : '(root)'}: ${message}`);
  }

  /** Runs `check` and says whether it added no reason. */
  clean(check: () => unknown): boolean {
    const before = this.reasons.length;
    check();
    return this.reasons.length === before;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : typeof value;
}

/** An object with no key but `keys` (as zod's `strictObject`); each field is checked by the caller. */
export function checkObject(value: unknown, keys: readonly string[], path: Path, problems: Problems): value is Record<string, unknown> {
  if (!isRecord(value)) {
    problems.add(path, `must be an object, not ${kindOf(value)}`);
    return false;
  }
  const unknown: string[] = [];
  let next = 0; // where in `keys` the key after the last one found may be, while they come in order
  for (const key of Object.keys(value)) {
    const at = keys.indexOf(key, next);
    if (at >= 0) next = at + 1;
    else if (keys.includes(key)) problems.inSchemaOrder = false;
    else unknown.push(key);
  }
  if (unknown.length > 0)
    problems.add(path, `unknown ${unknown.length === 1 ? 'key' : 'keys'}: ${unknown.map((key) => `"${key}"`).join(', ')}`);
  return unknown.length === 0;
}

export type StringRules = { min?: number; max?: number; problem?: (value: string) => string | null };

/** Characters as zod 4 counts them for `min` and `max`: code points, so an emoji is one, not two UTF-16 units. */
function characterCount(value: string): number {
  let count = 0;
  for (const _character of value) count += 1;
  return count;
}

/** A string of `min`…`max` characters (code points, as zod counts), and whatever `problem` says of it. */
export function checkString(value: unknown, path: Path, problems: Problems, rules: StringRules = {}): value is string {
  if (typeof value !== 'string') {
    problems.add(path, `must be a string, not ${kindOf(value)}`);
    return false;
  }
  return problems.clean(() => {
    const length = rules.min === undefined && rules.max === undefined ? 0 : characterCount(value);
    if (rules.min !== undefined && length < rules.min) problems.add(path, `must be at least ${rules.min} characters`);
    if (rules.max !== undefined && length > rules.max) problems.add(path, `must be at most ${rules.max} characters`);
    const problem = rules.problem?.(value);
    if (problem) problems.add(path, problem);
  });
}

/** A whole number (a safe integer, as zod's `int()`) within `min`…`max`. */
export function checkInteger(value: unknown, path: Path, problems: Problems, min: number, max: number, message?: string): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.add(path, `must be a number, not ${kindOf(value)}`);
    return false;
  }
  if (!Number.isSafeInteger(value)) {
    problems.add(path, 'must be a whole number');
    return false;
  }
  if (value < min || value > max) {
    problems.add(path, message ?? `must be ${min}–${max}`);
    return false;
  }
  return true;
}

export function checkBoolean(value: unknown, path: Path, problems: Problems): value is boolean {
  if (typeof value === 'boolean') return true;
  problems.add(path, `must be true or false, not ${kindOf(value)}`);
  return false;
}

/** One of `options` (compared with `===`). */
export function checkOneOf<T>(value: unknown, options: readonly T[], path: Path, problems: Problems, message?: string): value is T {
  if (options.includes(value as T)) return true;
  problems.add(path, message ?? `must be one of ${options.join(', ')}`);
  return false;
}

/** An array of at most `max` items, each checked by `item`. */
export function checkArray(
  value: unknown,
  path: Path,
  problems: Problems,
  max: number,
  item: (element: unknown, path: Path) => boolean,
): value is unknown[] {
  if (!Array.isArray(value)) {
    problems.add(path, `must be an array, not ${kindOf(value)}`);
    return false;
  }
  return problems.clean(() => {
    if (value.length > max) problems.add(path, `must hold at most ${max} items`);
    value.forEach((element, index) => item(element, [...path, index]));
  });
}

/** `null`, or what `check` accepts. */
export function checkNullable(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === null || check(value);
}
