import fc from 'fast-check';
import { parseWithReasons } from '../domain/parse-result';
import { taskArbitrary } from '../sync/task-arbitraries';
import { listArbitrary, mutated, mutationArbitrary } from '../domain/value-mutations';
import { exportedListSchema, exportedTaskSchema, exportHeaderSchema, parseExportDocument } from './export-document';
import {
  checkedExportDocument,
  checkedExportedList,
  checkedExportedTask,
  checkedExportedTaskV1,
  checkedExportHeader,
} from './export-document-check';
import { EXPORT_FORMAT } from './export-format';

const instant = fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2027-01-01') }).map((ms) => new Date(ms).toISOString());

/** A task of a version-1 file (protocol version 1: `dueAt`, no lists). */
const taskV1Arbitrary = fc.record(
  {
    id: fc.constantFrom('a', 'b', 'c'),
    title: fc.string({ minLength: 1, maxLength: 10 }),
    description: fc.string({ maxLength: 10 }),
    status: fc.constantFrom('todo', 'in_progress', 'done'),
    priority: fc.constantFrom('low', 'medium', 'high'),
    dueAt: fc.option(fc.constantFrom('2026-03-01T11:00:00.000Z', '2026-03-01T23:30:00-05:00'), { nil: null }),
    tags: fc.constantFrom([], ['x'], ['x', 'y']),
    createdAt: instant,
    updatedAt: instant,
    completedAt: fc.constant(null),
    _deleted: fc.constant(false),
    seq: fc.nat(100),
  },
  {
    requiredKeys: [
      'id',
      'title',
      'description',
      'status',
      'priority',
      'dueAt',
      'tags',
      'createdAt',
      'updatedAt',
      'completedAt',
      '_deleted',
    ],
  },
);

/** Files of both versions, a version byte off now and then, rows with the same id now and then. */
const fileArbitrary = fc.oneof(
  fc.record({
    format: fc.constant(EXPORT_FORMAT),
    version: fc.constantFrom(2, 2, 2, 1, 3),
    exportedAt: instant,
    lists: fc.array(
      listArbitrary.map((list) => ({ ...list, _deleted: false })),
      { maxLength: 3 },
    ),
    tasks: fc.array(
      taskArbitrary.map((task) => ({ ...task, _deleted: false })),
      { maxLength: 3 },
    ),
  }),
  fc.record({
    format: fc.constant(EXPORT_FORMAT),
    version: fc.constantFrom(1, 1, 2),
    exportedAt: instant,
    tasks: fc.array(taskV1Arbitrary, { maxLength: 3 }),
  }),
);

describe('the import check without zod', () => {
  it('[ZF3] accepts exactly the files parseExportDocument accepts, with the same document (a version-1 file upgraded)', () => {
    fc.assert(
      fc.property(fileArbitrary, fc.option(mutationArbitrary, { freq: 4 }), (file, mutation) => {
        const input = mutation ? mutated(file, mutation) : file;
        const zod = parseExportDocument(input);
        expect(checkedExportDocument(input)).toEqual(zod.ok ? zod : { ok: false, reasons: expect.any(Array) });
        expect(checkedExportHeader(input).ok).toBe(exportHeaderSchema.safeParse(input).success);
      }),
      { numRuns: 1500 },
    );
  });

  it('[ZF3] checks a row alone as the schemas of a row do (the import keeps the valid rows)', () => {
    fc.assert(
      fc.property(taskArbitrary, listArbitrary, taskV1Arbitrary, mutationArbitrary, (task, list, taskV1, mutation) => {
        const row = mutated({ ...task, _deleted: false }, mutation);
        expect(checkedExportedTask(row).ok).toBe(exportedTaskSchema.safeParse(row).success);
        const listRow = mutated({ ...list, _deleted: false }, mutation);
        expect(checkedExportedList(listRow).ok).toBe(exportedListSchema.safeParse(listRow).success);
        const v1Row = mutated(taskV1, mutation);
        const v1 = checkedExportedTaskV1(v1Row);
        const v2 = parseExportDocument({ format: EXPORT_FORMAT, version: 1, exportedAt: '2027-01-01T00:00:00.000Z', tasks: [v1Row] });
        expect(v1.ok).toBe(v2.ok);
        if (v1.ok && v2.ok) expect([v1.value]).toEqual(v2.value.tasks);
      }),
      { numRuns: 1500 },
    );
  });

  it('[ZF3] [EX4] says what the file is not, header first, as the server does', () => {
    expect(checkedExportDocument([])).toMatchObject({ ok: false });
    expect(checkedExportDocument({ format: 'other', version: 2 })).toEqual(
      parseWithReasons(exportHeaderSchema, { format: 'other', version: 2 }),
    );
    expect(checkedExportDocument({ format: EXPORT_FORMAT, version: 3 })).toEqual({
      ok: false,
      reasons: ['version: export version 3 was written by a newer Tasklane; this one reads versions 1 and 2'],
    });
  });
});
