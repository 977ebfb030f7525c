import fs from 'node:fs';
import path from 'node:path';
import { compare as mingoCompare } from 'mingo/util';
import {
  getChangedDocumentsSinceQuery,
  getQueryMatcher,
  normalizeMangoQuery,
  type MangoQuerySelector,
  type RxJsonSchema,
} from 'rxdb/plugins/core';
import { taskListRxSchema, taskRxSchema } from '../src/db/task-rx-schema';
import { compare, getMingoQuery } from './small-query-matcher';

const DIST = path.resolve(__dirname, '../dist');

type Doc = Record<string, unknown>;

/** Documents as the storages hold them: plain fields, a `_meta.lwt`, tombstones, missing and null fields. */
const DOCS: Doc[] = [];
for (const id of ['', 'a', 'b', 'task-1', 'task-2'])
  for (const lwt of [1, 1000.5, 2000])
    for (const deleted of [false, true])
      for (const listId of ['inbox', 'work', undefined, null])
        DOCS.push({ id, listId, _deleted: deleted, createdAt: `2026-05-0${(lwt % 9) + 1}`, _meta: { lwt }, context: 'collection' });
DOCS.push({ id: 'bare' }, { id: 'meta-less', _deleted: false, _meta: null }, { id: 'other', context: 'OTHER', _deleted: false });

/** The selectors the PWA's storages are asked, as RxDB normalizes them, and the plain operators they are built from. */
function selectorsOf(schema: RxJsonSchema<never>): MangoQuerySelector<never>[] {
  const normalized = (selector: Doc) => normalizeMangoQuery(schema, { selector }).selector;
  const storage = { schema } as never;
  return [
    // the app's: storedDocuments, lists.find(), the tasks of a list (list delete), findOne(id), findByIds(ids)
    normalized({ _deleted: { $eq: false } }),
    normalized({}),
    normalized({ listId: 'work', _deleted: { $eq: false } }),
    normalized({ id: 'task-1' }),
    normalized({ id: { $in: ['a', 'task-2', 'missing'] }, _deleted: { $eq: false } }),
    // RxDB's: changes since a checkpoint (replication, migration), and its internal store's collections
    getChangedDocumentsSinceQuery(storage, 10, undefined).selector,
    getChangedDocumentsSinceQuery(storage, 10, { id: 'a', lwt: 1000.5 }).selector,
    normalized({ context: 'collection', _deleted: { $eq: false } }),
    // every supported operator
    { listId: { $ne: 'work' } },
    { listId: { $eq: null } },
    { listId: null },
    { listId: { $exists: false } },
    { listId: { $exists: true } },
    { listId: { $nin: ['inbox', null] } },
    { '_meta.lwt': { $gt: 1, $lte: 2000 } },
    { '_meta.lwt': { $lt: 1000.5 } },
    { id: { $gte: 'b' } },
    { id: { $gt: 5 } },
    { id: { $not: { $in: ['a', 'b'] } } },
    { $nor: [{ _deleted: true }, { listId: 'inbox' }] },
    { $and: [{ _deleted: false }, { $or: [{ listId: 'work' }, { id: '' }] }] },
  ] as MangoQuerySelector<never>[];
}

describe('the PWA build without mingo (build/small-query-matcher.ts)', () => {
  const schemas = { tasks: taskRxSchema, lists: taskListRxSchema } as unknown as Record<string, RxJsonSchema<never>>;

  it.each(Object.keys(schemas))(
    '[UX2] matches every query the PWA and RxDB run on the %s collection exactly as mingo (through RxDB) does',
    (collection) => {
      const schema = schemas[collection]!;
      let matched = 0;
      for (const selector of selectorsOf(schema)) {
        const query = normalizeMangoQuery(schema, { selector });
        const mingo = getQueryMatcher(schema, query as never);
        const small = getMingoQuery(query.selector);
        const expected = DOCS.map((doc) => mingo(doc as never));
        expect({ selector, matches: DOCS.map((doc) => small.test(doc)) }).toEqual({ selector, matches: expected });
        matched += expected.filter(Boolean).length;
      }
      // the queries select some documents, not all or none
      expect(matched).toBeGreaterThan(0);
      expect(matched).toBeLessThan(selectorsOf(schema).length * DOCS.length);
    },
  );

  it('[UX2] sorts plain values of mixed types in mingo’s order (RxDB’s sort fallback), and refuses what it does not cover', () => {
    const values = [undefined, null, -1, 0, 2.5, '', '0', 'a', 'b', false, true];
    for (const a of values) for (const b of values) expect([a, b, Math.sign(compare(a, b))]).toEqual([a, b, Math.sign(mingoCompare(a, b))]);
    expect(() => getMingoQuery({ title: { $regex: 'x' } }).test({ title: 'x' })).toThrow('does not support the operator $regex');
    expect(() => getMingoQuery({ tags: 'home' }).test({ tags: ['home'] })).toThrow('array field');
    expect(() => getMingoQuery({ due: { date: '2026-05-04' } }).test({})).toThrow('equality with an object');
    expect(() => compare([1], 1)).toThrow('type array');
  });

  it('[UX2] the built bundle holds no mingo (client/dist, built by `npm run build`)', () => {
    if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error('client/dist is missing: run `npm run build` first (npm test does)');
    const scripts = fs.readdirSync(path.join(DIST, 'assets')).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(1);
    const withMingo = scripts.filter((name) => /mingo:|MingoError/.test(fs.readFileSync(path.join(DIST, 'assets', name), 'utf8')));
    expect(withMingo).toEqual([]);
    expect(scripts.some((name) => fs.readFileSync(path.join(DIST, 'assets', name), 'utf8').includes('small-query-matcher'))).toBe(true);
  });
});
