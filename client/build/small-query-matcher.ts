// RxDB's query matching in the PWA's bundle without mingo (about 7 KB gzipped). webpack.config.cjs puts this module in
// the place of rxdb's `rx-query-mingo.js` (`getMingoQuery`) and of `mingo/util` (`compare`, RxDB's sort fallback).
// It covers what the PWA's storages are asked: RxDB's own queries (changes since a checkpoint, the internal store) and
// the app's (`_deleted`, `listId`, ids) — equality and ranges on plain values, dotted paths, $and/$or/$nor/$not,
// $in/$nin/$exists. Anything else throws, so a new kind of query fails loudly instead of matching wrongly.
// build/small-query-matcher.test.ts checks it against mingo itself.

/** mingo's order of types when two values of different types are compared. */
const TYPE_ORDER: Record<string, number> = { undefined: 1, null: 2, number: 3, string: 4, boolean: 9 };

type Selector = Record<string, unknown>;
type Plain = string | number | boolean | null | undefined;

const typeOf = (value: unknown): string => (value === null ? 'null' : typeof value);

function unsupported(what: string): never {
  throw new Error(`query matching in this build does not support ${what} (client/build/small-query-matcher.ts)`);
}

/** Plain values only: the ones the PWA's documents are queried and sorted by. */
function plain(value: unknown): string {
  const type = typeOf(value);
  if (!(type in TYPE_ORDER)) unsupported(`comparing a value of type ${Array.isArray(value) ? 'array' : type}`);
  return type;
}

export function compare(a: unknown, b: unknown): number {
  const typeA = plain(a);
  const typeB = plain(b);
  if (typeA !== typeB) return TYPE_ORDER[typeA]! - TYPE_ORDER[typeB]!;
  return (a as NonNullable<Plain>) < (b as NonNullable<Plain>) ? -1 : (a as NonNullable<Plain>) > (b as NonNullable<Plain>) ? 1 : 0;
}

const valueAt = (doc: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value === null || value === undefined ? undefined : (value as Selector)[key]), doc);

const equal = (value: unknown, operand: unknown): boolean =>
  operand === null ? value === null || value === undefined : plain(operand) !== '' && value === operand;

/** Ranges compare values of one type only, as MongoDB (and mingo) do. */
const ranged = (test: (order: number) => boolean) => (value: unknown, operand: unknown) =>
  value !== undefined && typeOf(value) === plain(operand) && test(compare(value, operand));

const OPERATORS: Record<string, (value: unknown, operand: never) => boolean> = {
  $eq: equal,
  $ne: (value, operand) => !equal(value, operand),
  $gt: ranged((order) => order > 0),
  $gte: ranged((order) => order >= 0),
  $lt: ranged((order) => order < 0),
  $lte: ranged((order) => order <= 0),
  $in: (value, operands: unknown[]) => operands.some((operand) => equal(value, operand)),
  $nin: (value, operands: unknown[]) => !operands.some((operand) => equal(value, operand)),
  $exists: (value, exists: unknown) => (value !== undefined) === Boolean(exists),
  $not: (value, condition: unknown) => !fieldMatches(value, condition),
};

function fieldMatches(value: unknown, condition: unknown): boolean {
  if (Array.isArray(value)) unsupported('a condition on an array field');
  if (condition === null || typeof condition !== 'object') return equal(value, condition);
  const keys = Object.keys(condition);
  if (keys.length === 0 || !keys.every((key) => key.startsWith('$'))) unsupported('equality with an object');
  return keys.every((key) => {
    const operator = OPERATORS[key];
    if (!operator) unsupported(`the operator ${key}`);
    return operator(value, (condition as Selector)[key] as never);
  });
}

function matches(doc: unknown, selector: Selector): boolean {
  return Object.keys(selector).every((key) => {
    const condition = selector[key];
    const parts = condition as Selector[];
    if (key === '$and') return parts.every((part) => matches(doc, part));
    if (key === '$or') return parts.some((part) => matches(doc, part));
    if (key === '$nor') return !parts.some((part) => matches(doc, part));
    if (key.startsWith('$')) unsupported(`the operator ${key}`);
    return fieldMatches(valueAt(doc, key), condition);
  });
}

/** What RxDB calls: `getMingoQuery(selector).test(doc)`. */
export function getMingoQuery(selector: Selector): { test(doc: unknown): boolean } {
  return { test: (doc) => matches(doc, selector) };
}
