import type { ExportDocument, ExportedTask } from './export-document';
import { IMPORT_LIMITS } from './import-limits';
import { splitExportDocument } from './split-export';
import { utf8Length } from './utf8-length';

const task = (id: string, title = 'x'): ExportedTask => ({
  id,
  title,
  description: '',
  status: 'todo',
  priority: 'medium',
  dueAt: null,
  tags: [],
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
  completedAt: null,
  _deleted: false,
});

const exportOf = (tasks: ExportedTask[]): ExportDocument => ({
  format: 'tasklane-export',
  version: 1,
  exportedAt: '2026-03-02T10:00:00.000Z',
  tasks,
});
const bytes = (value: unknown) => utf8Length(JSON.stringify(value));

describe('splitting an export into import pages', () => {
  it('[EX7] pages keep every task once, in order, each within the task count', () => {
    const tasks = Array.from({ length: 12 }, (_, index) => task(`t${index}`));
    const pages = splitExportDocument(exportOf(tasks), { maxTasks: 5, maxBodyBytes: IMPORT_LIMITS.maxBodyBytes });
    expect(pages.map((page) => page.tasks.length)).toEqual([5, 5, 2]);
    expect(pages.flatMap((page) => page.tasks)).toEqual(tasks);
    expect(pages.every((page) => page.exportedAt === '2026-03-02T10:00:00.000Z' && page.format === 'tasklane-export')).toBe(true);
  });

  it('[EX7] pages stay within the byte limit, counted in UTF-8, and fill up to it exactly', () => {
    const tasks = Array.from({ length: 40 }, (_, index) => task(`t${index}`, 'ü😀'.repeat(index + 1)));
    const limit = 2000;
    const pages = splitExportDocument(exportOf(tasks), { maxTasks: 1000, maxBodyBytes: limit });
    expect(pages.length).toBeGreaterThan(1);
    for (const [index, page] of pages.entries()) {
      expect(bytes(page)).toBeLessThanOrEqual(limit);
      const next = pages[index + 1];
      if (next) expect(bytes({ ...page, tasks: [...page.tasks, next.tasks[0]] })).toBeGreaterThan(limit);
    }
    expect(pages.flatMap((page) => page.tasks)).toEqual(tasks);
  });

  it('[EX7] an empty export is one page', () => {
    expect(splitExportDocument(exportOf([]))).toEqual([exportOf([])]);
  });

  it('counts UTF-8 bytes as an encoder does', () => {
    const expected: Array<[string, number]> = [
      ['', 0],
      ['abc', 3],
      ['é', 2],
      ['€', 3],
      ['😀', 4],
      ['a😀b', 6],
      ['\ud800', 3],
    ];
    for (const [text, bytes] of expected) expect(utf8Length(text)).toBe(bytes);
  });
});
