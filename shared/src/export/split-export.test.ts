import { newTask } from '../domain/task-defaults';
import type { ExportDocument, ExportedList, ExportedTask } from './export-document';
import { IMPORT_LIMITS } from './import-limits';
import { splitExportDocument } from './split-export';
import { utf8Length } from './utf8-length';

const task = (id: string, title = 'x'): ExportedTask => ({
  ...newTask({ id, title, createdAt: '2026-03-01T09:00:00.000Z', updatedAt: '2026-03-01T09:00:00.000Z' }),
  _deleted: false,
});

const list = (id: string, name = 'L'): ExportedList => ({
  id,
  name,
  colour: 'grey',
  order: 'a1',
  archived: false,
  inbox: false,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
  _deleted: false,
});

const exportOf = (tasks: ExportedTask[], lists: ExportedList[] = []): ExportDocument => ({
  format: 'tasklane-export',
  version: 2,
  exportedAt: '2026-03-02T10:00:00.000Z',
  lists,
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

  it('[EX7] [LR13] lists come first and count with tasks; every page is within both limits', () => {
    const lists = Array.from({ length: 7 }, (_, index) => list(`l${index}`, 'ü'.repeat(index * 20)));
    const tasks = Array.from({ length: 9 }, (_, index) => task(`t${index}`, '😀'.repeat(index * 10 + 1)));
    for (const limits of [
      { maxTasks: 4, maxBodyBytes: IMPORT_LIMITS.maxBodyBytes },
      { maxTasks: 1000, maxBodyBytes: 1500 },
    ]) {
      const pages = splitExportDocument(exportOf(tasks, lists), limits);
      expect(pages.flatMap((page) => page.lists)).toEqual(lists);
      expect(pages.flatMap((page) => page.tasks)).toEqual(tasks);
      for (const page of pages) {
        expect(page.lists.length + page.tasks.length).toBeLessThanOrEqual(limits.maxTasks);
        expect(bytes(page)).toBeLessThanOrEqual(limits.maxBodyBytes);
      }
      // No page holds a task before a page that still holds lists.
      const lastWithLists = pages.map((page) => page.lists.length > 0).lastIndexOf(true);
      expect(pages.slice(0, lastWithLists).every((page) => page.tasks.length === 0)).toBe(true);
    }
    expect(
      splitExportDocument(exportOf(tasks, lists), { maxTasks: 4, maxBodyBytes: IMPORT_LIMITS.maxBodyBytes }).map((page) => [
        page.lists.length,
        page.tasks.length,
      ]),
    ).toEqual([
      [4, 0],
      [3, 1],
      [0, 4],
      [0, 4],
    ]);
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
