import type { ExportDocument, ExportedTask } from './export-document';
import { EXPORT_FORMAT, EXPORT_VERSION, exportDocumentSchema, parseExportDocument } from './export-document';
import { exportDocumentText } from './export-text';

const task = (id: string, overrides: Partial<ExportedTask> = {}): ExportedTask => ({
  id,
  title: `Task ${id}`,
  description: '',
  status: 'todo',
  priority: 'medium',
  dueAt: null,
  tags: [],
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
  completedAt: null,
  _deleted: false,
  seq: 1,
  ...overrides,
});

const document = (tasks: unknown[] = [task('a')]) => ({
  format: EXPORT_FORMAT,
  version: EXPORT_VERSION,
  exportedAt: '2026-03-02T10:00:00.000Z',
  tasks,
});

async function textOf(pieces: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const piece of pieces) text += piece;
  return text;
}

describe('the export document', () => {
  it('[EX1] the streamed text parses back to the document, for no, one and several tasks, Unicode included', async () => {
    for (const tasks of [[], [task('a')], [task('a', { title: 'Ünïcode 😀 "quoted"\n', tags: ['x'] }), task('b', { seq: 7 })]]) {
      const expected = document(tasks);
      const text = await textOf(exportDocumentText({ exportedAt: expected.exportedAt, tasks }));
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
    for await (const piece of exportDocumentText({ exportedAt: '2026-03-02T10:00:00.000Z', tasks: source() })) pieces.push(piece);
    expect(pieces).toHaveLength(4);
    expect((JSON.parse(pieces.join('')) as ExportDocument).tasks.map((t) => t.id)).toEqual(['a', 'b']);
  });

  it('[EX4] a file of another kind, or of another version, is refused for that reason first', () => {
    const other = parseExportDocument({ tasks: [] });
    expect(other.ok ? [] : other.reasons[0]).toMatch(/^format: not a Tasklane export/);
    expect(parseExportDocument([])).toMatchObject({ ok: false });
    const newer = parseExportDocument({ ...document(), version: 2, tasks: [{ id: 'a', listId: 'inbox' }] });
    expect(newer).toEqual({ ok: false, reasons: ['version: export version 2 was written by a newer Tasklane; this one reads version 1'] });
    expect(parseExportDocument({ ...document(), version: '1' })).toEqual({
      ok: false,
      reasons: ['version: unsupported export version; this Tasklane reads version 1'],
    });
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
