import fc from 'fast-check';
import { INBOX_LIST_ID, LIST_COLOURS, type TaskList } from './task-list';

/**
 * Test support for the zod-free checks ([ZF2], [ZF3]): one change somewhere inside a valid document — a value
 * replaced by one of `REPLACEMENTS`, a key removed, an unknown key added — so a property test can compare what zod and
 * the zod-free check say of it.
 */

const T = '2026-03-01T10:00:00.000Z';
const DAILY = { frequency: 'daily', interval: 1, end: { kind: 'never' } };

/** Valid and invalid values of every kind the documents hold, near their bounds. */
export const REPLACEMENTS: readonly unknown[] = [
  null,
  undefined,
  true,
  false,
  0,
  -1,
  1,
  2,
  1.5,
  31,
  32,
  999,
  1000,
  10_000,
  10_001,
  1_000_000,
  1_000_001,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 60,
  '',
  ' ',
  'x',
  'x'.repeat(40),
  'x'.repeat(41),
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(100),
  'x'.repeat(101),
  'x'.repeat(500),
  'x'.repeat(501),
  // Astral characters: one character each for zod's bounds, two UTF-16 units ([ZF2]).
  '\u{1F600}'.repeat(40),
  '\u{1F600}'.repeat(41),
  '\u{1F600}'.repeat(100),
  '\u{1F600}'.repeat(101),
  '\u{1F600}'.repeat(500),
  '\u{1F600}'.repeat(501),
  'bad id!',
  'inbox',
  'todo',
  'done',
  'urgent',
  'high',
  'teal',
  'mauve',
  'mon',
  'tue',
  'funday',
  'a0',
  'a00',
  'a',
  'Zz',
  'b0-',
  'never',
  'after',
  'until',
  'daily',
  'weekly',
  'monthly',
  'yearly',
  'weekdays',
  'hourly',
  'Europe/Berlin',
  'EUROPE/BERLIN',
  'Mars/Olympus',
  '2026-01-01',
  '2026-02-29',
  '2024-02-29',
  '1899-12-31',
  '9999-12-31',
  '2026-1-1',
  T,
  '2026-03-01T10:00:00Z',
  '2026-03-01T11:00:00+01:00',
  '2026-03-01T10:00:00.000+00:00',
  '2026-03-01T10:00Z',
  '2026-02-30T10:00:00.000Z',
  '2026-13-45T10:00:00.000Z',
  '1900-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59.999-01:00',
  '2026-03-01T10:00:00.0000000000000000000000000000000000Z',
  [],
  ['x'],
  ['x', 'x'],
  ['café', 'cafe\u0301'],
  ['mon'],
  ['tue', 'mon'],
  ['mon', 'mon'],
  [{ id: 'i1', removedAt: T }],
  [
    { id: 'i1', removedAt: T },
    { id: 'i1', removedAt: T },
  ],
  [{ id: 'i2', text: 'Eggs', done: false, order: 'a0', textAt: T, doneAt: T, orderAt: T }],
  Array.from({ length: 21 }, (_, index) => `t${index}`),
  {},
  { date: '2026-03-01' },
  { date: '2026-02-30' },
  { at: T, timeZone: 'Europe/Berlin' },
  { at: '1900-01-01T12:00:00.000Z', timeZone: 'UTC' },
  { at: T, timeZone: 'Europe/Berlin', date: '2026-03-01' },
  { day: 31 },
  { day: 0 },
  { weekday: 'fri', nth: -1 },
  { weekday: 'fri', nth: 5 },
  { kind: 'never' },
  { kind: 'after', count: 3 },
  { kind: 'after', count: 0 },
  { kind: 'until', date: '2026-12-31' },
  { kind: 'until', date: '2026-01-01' },
  DAILY,
  { frequency: 'weekdays', end: { kind: 'after', count: 2 } },
  { frequency: 'weekly', interval: 2, weekdays: ['tue', 'thu'], end: { kind: 'never' } },
  { frequency: 'monthly', interval: 1, on: { weekday: 'mon', nth: 2 }, end: { kind: 'never' } },
  { frequency: 'yearly', interval: 1, month: 2, day: 29, end: { kind: 'never' } },
  { frequency: 'yearly', interval: 1, month: 4, day: 31, end: { kind: 'never' } },
  { frequency: 'daily', interval: 1, end: { kind: 'until', date: '2020-01-01' } },
  { rule: DAILY, start: { date: '2026-03-01' }, startOccurrence: 0 },
  { rule: { ...DAILY, end: { kind: 'until', date: '2020-01-01' } }, start: { date: '2026-03-01' }, startOccurrence: 0 },
  { id: 'i3', text: 'Milk', done: true, order: 'a1', textAt: T, doneAt: T, orderAt: T },
  { id: 'i3', removedAt: '2026-03-01T10:00:00Z' },
];

export type Mutation = { steps: number[]; kind: 'replace' | 'remove' | 'add'; replacement: number };

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.record({
  steps: fc.array(fc.nat(), { maxLength: 6 }),
  kind: fc.constantFrom('replace', 'replace', 'replace', 'remove', 'add'),
  replacement: fc.nat(REPLACEMENTS.length - 1),
});

type Container = Record<string, unknown> | unknown[];
const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

function cloned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloned);
  return isContainer(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cloned(item)])) : value;
}

/** The document with one change, at the place `steps` leads to (each step picks a child, until a leaf or the steps run out). */
export function mutated(document: unknown, { steps, kind, replacement }: Mutation): unknown {
  const copy = cloned(document);
  let parent: Container | null = null;
  let key: string | number | null = null;
  let node: unknown = copy;
  for (const step of steps) {
    if (!isContainer(node)) break;
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, index) => index) : Object.keys(node);
    if (keys.length === 0) break;
    parent = node;
    key = keys[step % keys.length]!;
    node = (node as Record<string | number, unknown>)[key];
  }
  const value = cloned(REPLACEMENTS[replacement]);
  if (kind === 'add' && isContainer(node) && !Array.isArray(node)) {
    node.extra = value;
    return copy;
  }
  if (parent === null || key === null) return value;
  if (kind === 'remove') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else (parent as Record<string | number, unknown>)[key] = value;
  return copy;
}

/** The first field of each reason (`a.b: message` → `a`), so two checkers can be compared on what they refuse. */
export function fieldsOf(reasons: readonly string[]): string[] {
  return [...new Set(reasons.map((reason) => reason.slice(0, reason.indexOf(': ')).split('.')[0]!))].sort();
}

const instant = fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2027-01-01') }).map((ms) => new Date(ms).toISOString());

/** Valid lists, the Inbox among them. */
export const listArbitrary: fc.Arbitrary<TaskList> = fc.oneof(
  fc.record({
    id: fc.constantFrom('work', 'home', 'list-3'),
    name: fc.string({ minLength: 1, maxLength: 30 }).filter((name) => name.trim().length > 0),
    colour: fc.constantFrom(...LIST_COLOURS),
    order: fc.constantFrom('a0', 'a1', 'Zz', 'a0V'),
    archived: fc.boolean(),
    inbox: fc.constant(false),
    createdAt: instant,
    updatedAt: instant,
    _deleted: fc.boolean(),
    seq: fc.nat({ max: 1000 }),
  }),
  fc.record({
    id: fc.constant(INBOX_LIST_ID),
    name: fc.constant('Inbox'),
    colour: fc.constant('grey' as const),
    order: fc.constant('a0'),
    archived: fc.constant(false),
    inbox: fc.constant(true),
    createdAt: instant,
    updatedAt: instant,
    _deleted: fc.constant(false),
  }),
);
