import { newTask } from '../domain/task-defaults';
import { upgradeTask } from '../domain/task-upgrade';
import type { ExportDocument, ExportedList, ExportedTask } from './export-document';
import { exportDocumentSchema, parseExportDocument } from './export-document';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export-format';
import { exportDocumentText } from './export-text';

const task = (id: string, overrides: Partial<ExportedTask> = {}): ExportedTask => ({
  ...newTask({ id, title: `Task ${id}`, createdAt: '2026-03-01T09:00:00.000Z', updatedAt: '2026-03-01T09:00:00.000Z' }),
  _deleted: false,
  seq: 1,
  ...overrides,
});

const list = (id: string, overrides: Partial<ExportedList> = {}): ExportedList => ({
  id,
  name: `List ${id}`,
  colour: 'teal',
  order: 'a1',
  archived: false,
  inbox: false,
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-01T08:00:00.000Z',
  _deleted: false,
  seq: 3,
  ...overrides,
});

const document = (tasks: unknown[] = [task('a')], lists: unknown[] = []) => ({
  format: EXPORT_FORMAT,
  version: EXPORT_VERSION,
  exportedAt: '2026-03-02T10:00:00.000Z',
  lists,
  tasks,
});

/** A task of a version-1 file, as protocol version 1 wrote it. */
const taskV1 = (id: string, dueAt: string | null) => ({
  id,
  title: `Old ${id}`,
  description: '',
  status: 'todo',
  priority: 'medium',
  dueAt,
  tags: ['x'],
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
  completedAt: null,
  _deleted: false,
  seq: 2,
});

async function textOf(pieces: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const piece of pieces) text += piece;
  return text;
}

describe('the export document', () => {
  it('[EX1] [LR13] the streamed text parses back to the document, lists first, for no, one and several documents, Unicode included', async () => {
    const several = [
      task('a', { title: 'Ünïcode 😀 "quoted"\n', tags: ['x'], listId: 'l1', due: { date: '2026-03-05' } }),
      task('b', { seq: 7 }),
    ];
    for (const [tasks, lists] of [
      [[], []],
      [[task('a')], []],
      [several, [list('l1'), list('inbox', { inbox: true, name: 'Inbox', order: 'a0' })]],
    ] as const) {
      const expected = document([...tasks], [...lists]);
      const text = await textOf(exportDocumentText({ exportedAt: expected.exportedAt, lists, tasks }));
      expect(Object.keys(JSON.parse(text) as object)).toEqual(['format', 'version', 'exportedAt', 'lists', 'tasks']);
      expect(JSON.parse(text)).toEqual(expected);
      expect(parseExportDocument(JSON.parse(text))).toEqual({ ok: true, value: expected });
    }
  });

  it('[EX1] pieces come from an async source one task at a time', async () => {
    async function* source() {
      for (const id of ['a', 'b']) {
        await Promise.resolve();
        yield task(id);
      }
    }
    const pieces: string[] = [];
    for await (const piece of exportDocumentText({ exportedAt: '2026-03-02T10:00:00.000Z', lists: [], tasks: source() }))
      pieces.push(piece);
    expect(pieces).toHaveLength(9);
    expect((JSON.parse(pieces.join('')) as ExportDocument).tasks.map((t) => t.id)).toEqual(['a', 'b']);
  });

  it('[EX4] a file of another kind, or of another version, is refused for that reason first', () => {
    const other = parseExportDocument({ tasks: [] });
    expect(other.ok ? [] : other.reasons[0]).toMatch(/^format: not a Tasklane export/);
    expect(parseExportDocument([])).toMatchObject({ ok: false });
    const newer = parseExportDocument({ ...document(), version: 3, tasks: [{ id: 'a', projectId: 'x' }] });
    expect(newer).toEqual({
      ok: false,
      reasons: ['version: export version 3 was written by a newer Tasklane; this one reads versions 1 and 2'],
    });
    expect(parseExportDocument({ ...document(), version: '1' })).toEqual({
      ok: false,
      reasons: ['version: unsupported export version; this Tasklane reads versions 1 and 2'],
    });
  });

  it('[LR13] [DM19] a version-1 file still parses: no lists, every task upgraded as the server upgrades a stored one', () => {
    const old = {
      format: EXPORT_FORMAT,
      version: 1,
      exportedAt: '2026-03-02T10:00:00.000Z',
      tasks: [taskV1('a', '2026-03-20T11:00:00.000Z'), taskV1('b', null)],
    };
    const parsed = parseExportDocument(old);
    expect(parsed).toEqual({
      ok: true,
      value: {
        format: EXPORT_FORMAT,
        version: 2,
        exportedAt: old.exportedAt,
        lists: [],
        tasks: old.tasks.map((t) => upgradeTask(t as never)),
      },
    });
    expect(parsed.ok && parsed.value.tasks.map((t) => [t.listId, t.due])).toEqual([
      ['inbox', { date: '2026-03-20' }],
      ['inbox', null],
    ]);
    // A version-1 file holds version-1 tasks only: a version-2 field in it is refused, naming it.
    const mixed = parseExportDocument({ ...old, tasks: [{ ...taskV1('a', null), listId: 'inbox' }] });
    expect(mixed).toEqual({ ok: false, reasons: [expect.stringMatching(/^tasks\.0: .*listId/)] });
    expect(parseExportDocument({ ...old, lists: [] })).toMatchObject({ ok: false });
  });

  it('[LR13] every list is a valid list document: the Inbox rules, tombstones and repeated ids are refused with their path', () => {
    const refused = (lists: unknown[]) => {
      const result = parseExportDocument(document([], lists));
      if (result.ok) throw new Error('accepted');
      return result.reasons;
    };
    expect(refused([{ ...list('l1'), _deleted: true }])).toEqual(['lists.0._deleted: an export holds no deleted lists']);
    expect(refused([list('l1', { inbox: true })])).toEqual([expect.stringMatching(/^lists\.0\.inbox: /)]);
    expect(refused([list('l1'), list('l1')])).toEqual(['lists.1.id: id "l1" appears more than once']);
    expect(refused([{ ...list('l1'), userId: 'someone' }])).toEqual([expect.stringMatching(/^lists\.0: .*userId/)]);
    expect(parseExportDocument({ ...document(), lists: undefined })).toMatchObject({ ok: false });
  });

  it('[EX4] every task is a valid task document: unknown fields, bad timestamps and tombstones are refused with their path', () => {
    const refused = (tasks: unknown[]) => {
      const result = parseExportDocument(document(tasks));
      if (result.ok) throw new Error('accepted');
      return result.reasons;
    };
    expect(refused([task('a'), { ...task('b'), userId: 'someone-else' }])).toEqual([expect.stringMatching(/^tasks\.1: .*userId/)]);
    expect(refused([task('a', { updatedAt: '2026-02-31T00:00:00Z' })])).toEqual([expect.stringMatching(/^tasks\.0\.updatedAt: /)]);
    expect(refused([{ ...task('a'), _deleted: true }])).toEqual(['tasks.0._deleted: an export holds no deleted tasks']);
    expect(refused([task('a', { tags: ['x', 'x'] })])).toEqual([expect.stringMatching(/^tasks\.0\.tags: /)]);
    expect(parseExportDocument({ ...document(), extra: true })).toMatchObject({ ok: false });
  });

  it('[EX4] an id twice in one collection is refused, naming the repeat', () => {
    expect(parseExportDocument(document([task('a'), task('b'), task('a')]))).toEqual({
      ok: false,
      reasons: ['tasks.2.id: id "a" appears more than once'],
    });
  });

  it('[EX4] seq is optional on input, so a hand-made file imports too', () => {
    const { seq: _seq, ...withoutSeq } = task('a');
    expect(exportDocumentSchema.safeParse(document([withoutSeq])).success).toBe(true);
  });
});
