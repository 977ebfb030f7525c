import type { Task } from '../domain/task';
import { addItem, tickItem } from '../domain/checklist';
import { newTask } from '../domain/task-defaults';
import { csvCell } from './csv-cell';
import { CSV_BYTE_ORDER_MARK, listNamesOf, taskCsvRecord, taskCsvText } from './task-csv';

const task: Task = {
  ...newTask({ id: 'a1', title: 'Plan the trip', createdAt: '2026-03-01T09:00:00.000Z', updatedAt: '2026-03-01T10:00:00.000Z' }),
  status: 'done',
  priority: 'high',
  listId: 'travel-list',
  due: { at: '2026-03-20T17:00:00.000Z', timeZone: 'Europe/Berlin' },
  tags: ['travel', 'family'],
  completedAt: '2026-03-01T10:00:00.000Z',
  seq: 4,
};
const COLUMN_COUNT = 14;

/** A minimal RFC 4180 reader, to prove that what we write reads back as the same cells. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(cell);
      cell = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      index += 1;
    } else cell += char;
  }
  return records;
}

describe('CSV export', () => {
  it('[EX2] [LR14] a header row, then one CRLF-terminated record per task, every field quoted; null is empty; the list by name', async () => {
    let text = '';
    const checklist = tickItem(
      addItem(addItem([], { id: 'i1', text: 'Book' }, 0, task.updatedAt), { id: 'i2', text: 'Pack' }, 1, task.updatedAt),
      'i1',
      true,
      task.updatedAt,
    );
    const second = {
      ...task,
      id: 'a2',
      listId: 'gone',
      due: { date: '2026-03-21' },
      completedAt: null,
      status: 'todo' as const,
      tags: [],
      checklist,
    };
    const lists = listNamesOf([
      { id: 'travel-list', name: 'Travel' },
      { id: 'inbox', name: 'In' },
    ]);
    for await (const piece of taskCsvText([task, second], lists)) text += piece;
    expect(text.startsWith(CSV_BYTE_ORDER_MARK)).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual([
      '"id","title","description","status","priority","listId","list","due","dueTimeZone","tags","checklist","createdAt","updatedAt","completedAt"',
      '"a1","Plan the trip","","done","high","travel-list","Travel","2026-03-20T17:00:00.000Z","Europe/Berlin","travel, family","","2026-03-01T09:00:00.000Z","2026-03-01T10:00:00.000Z","2026-03-01T10:00:00.000Z"',
      // A task whose list is not there (deleted on another device) shows in the Inbox, as in the app.
      '"a2","Plan the trip","","todo","high","gone","In","2026-03-21","","","[x] Book; [ ] Pack","2026-03-01T09:00:00.000Z","2026-03-01T10:00:00.000Z",""',
      '',
    ]);
  });

  it('[EX2] commas, quotes and line breaks stay inside their cell (RFC 4180)', () => {
    const tricky = { ...task, title: 'Say "hi", then\r\nleave', description: 'line one\nline two,\n"end"' };
    const [record] = readCsv(taskCsvRecord(tricky));
    expect(record).toHaveLength(COLUMN_COUNT);
    expect(record?.[1]).toBe(tricky.title);
    expect(record?.[2]).toBe(tricky.description);
  });

  it('[EX3] a cell starting with = + - @ tab CR or NUL gets a leading quote; elsewhere those characters are left alone', () => {
    for (const value of ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t1', '\r1', '\0=1']) {
      expect(readCsv(`${csvCell(value)}\r\n`)).toEqual([[`'${value}`]]);
    }
    expect(csvCell('a=1+2-3@x')).toBe('"a=1+2-3@x"');
    expect(csvCell(' =1')).toBe('" =1"');
    expect(csvCell('')).toBe('""');
    const [record] = readCsv(taskCsvRecord({ ...task, id: '-x', title: "=cmd|' /C calc'!A0", tags: ['@home', 'x'] }));
    expect(record?.slice(0, 2)).toEqual(["'-x", "'=cmd|' /C calc'!A0"]);
    expect(record?.[9]).toBe("'@home, x");
  });

  it('[EX3] a value cannot break out of its cell to start a formula in the next one', () => {
    const [record] = readCsv(taskCsvRecord({ ...task, title: 'x",=1+1,"y', description: 'a\r\nb' }));
    expect(record).toHaveLength(COLUMN_COUNT);
    expect(record?.[1]).toBe(`x",'=1+1,"y`);
    expect(record?.[2]).toBe('a\r\nb');
  });

  /** The cells a spreadsheet makes of `text` when it splits on `separator` and takes every quote literally. */
  const naiveCells = (text: string, separator: string) => text.split(separator).map((cell) => cell.replace(/^[ "]+/, ''));
  const startsFormula = (cell: string) => /^[=+\-@\t\r\0]/.test(cell);

  it('[EX3] a trigger after ; , tab or a line break gets a quote too, so a reader splitting on ; (German or French Excel) starts no formula', () => {
    const hostile = ['x;=1+1;y', 'x,=1+1', 'x; =1+1', 'x;"=1+1"', 'a\n=2+2', 'a\r\n@SUM(A1)', 'a\t-3+3', 'a;\t=1', "x;=cmd|' /C calc'!A0"];
    for (const value of hostile) {
      const written = csvCell(value);
      expect(readCsv(`${written}\r\n`)).toHaveLength(1); // still one cell for a reader that splits as RFC 4180 says
      for (const separator of [';', ',', '\t', '\n', '\r']) {
        const formulas = naiveCells(written, separator).filter(startsFormula);
        expect({ value, separator, formulas }).toEqual({ value, separator, formulas: [] });
      }
    }
    expect(csvCell('x;=1+1;y')).toBe(`"x;'=1+1;y"`);
    expect(csvCell('a;\t=1')).toBe(`"a;'\t'=1"`);
    expect(csvCell('x;"=1+1"')).toBe(`"x;""'=1+1"""`);
    expect(csvCell('\t=1')).toBe(`"'\t'=1"`);
    // A separator before anything else, and a trigger after anything else, are left alone.
    expect(csvCell('a; b, c')).toBe('"a; b, c"');
    expect(csvCell('1+1=2, a-b@c')).toBe('"1+1=2, a-b@c"');
  });
});
