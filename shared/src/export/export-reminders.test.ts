import { newTask } from '../domain/task-defaults';
import { checkedExportDocument, checkedExportedTask } from './export-document-check';
import { parseExportDocument } from './export-document';
import { EXPORT_FORMAT } from './export-format';

const EXPORTED_AT = '2026-06-01T00:00:00.000Z';
const T0 = '2026-05-01T00:00:00.000Z';
const reminded = {
  ...newTask({ id: 'reminded', title: 'a', createdAt: T0, updatedAt: T0, reminders: [{ id: 'r1', before: 'PT10M' }] }),
  seq: 3,
};
const { reminders: _none, ...before } = { ...newTask({ id: 'older', title: 'b', createdAt: T0, updatedAt: T0 }), seq: 2 };
const file = { format: EXPORT_FORMAT, version: 2, exportedAt: EXPORTED_AT, lists: [], tasks: [reminded, before] };

describe('exports and reminders', () => {
  it('[RM6] [RM7] an export carries reminders; a task of a file written before reminders reads with none (zod and zod-free alike)', () => {
    const parsed = parseExportDocument(file);
    const checked = checkedExportDocument(file);
    for (const result of [parsed, checked]) {
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(result.value.tasks.map((task) => [task.id, task.reminders])).toEqual([
        ['reminded', [{ id: 'r1', before: 'PT10M' }]],
        ['older', []],
      ]);
    }
    expect(checkedExportedTask(before)).toMatchObject({ ok: true, value: { reminders: [] } });
    const bad = { ...file, tasks: [{ ...reminded, reminders: [{ id: 'r1', before: 'PT90M' }] }] };
    expect(parseExportDocument(bad).ok).toBe(false);
    expect(checkedExportDocument(bad).ok).toBe(false);
  });
});
