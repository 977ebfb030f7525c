import { parseWithReasons } from './parse-result';
import { INBOX_LIST_ID, LIST_COLOURS, type TaskList } from './task-list';
import { taskListSchema } from './task-list-schema';

const work: TaskList = {
  id: 'list-1',
  name: 'Work',
  colour: 'blue',
  order: 'a1',
  archived: false,
  inbox: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  _deleted: false,
};
const inbox: TaskList = { ...work, id: INBOX_LIST_ID, name: 'Inbox', colour: 'grey', order: 'a0', inbox: true };

describe('the list document', () => {
  it('[DM18] a list is parsed strictly: name, palette colour, order key, archived, inbox flag, soft delete, optional seq', () => {
    for (const list of [work, inbox, { ...work, seq: 7 }, { ...work, archived: true }, { ...work, _deleted: true }]) {
      expect(taskListSchema.safeParse(list)).toMatchObject({ success: true, data: list });
    }
    expect(LIST_COLOURS).toContain('grey');
    const refused: [unknown, string][] = [
      [{ ...work, name: '' }, 'name: must not be empty'],
      [{ ...work, name: '   ' }, 'name: must not be empty'],
      [{ ...work, name: 'x'.repeat(101) }, 'name: must be at most 100 characters'],
      [{ ...work, colour: '#ff0000' }, `colour: must be one of ${LIST_COLOURS.join(', ')}`],
      [{ ...work, order: 'a00' }, 'order: is not a fractional index (head letter, integer length, no trailing 0)'],
      [{ ...work, archived: 'no' }, 'archived: Invalid input: expected boolean, received string'],
      [{ ...work, userId: 'u1' }, '(root): Unrecognized key: "userId"'],
      [{ ...work, id: 'a b' }, 'id: id may contain only letters, digits, "-" and "_"'],
      [{ ...work, seq: -1 }, 'seq: Too small: expected number to be >=0'],
      [{ ...work, updatedAt: '2026-02-31T00:00:00Z' }, 'updatedAt: Invalid ISO datetime'],
      [{ ...work, inbox: true }, 'inbox: the Inbox, and only the Inbox, has the id "inbox"'],
      [{ ...inbox, inbox: false }, 'inbox: the Inbox, and only the Inbox, has the id "inbox"'],
      [{ ...inbox, archived: true }, 'archived: the Inbox cannot be archived'],
      [{ ...inbox, _deleted: true }, '_deleted: the Inbox cannot be deleted'],
    ];
    for (const [input, reason] of refused) {
      const result = parseWithReasons(taskListSchema, input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reasons).toContain(reason);
    }
    const { colour: _colour, ...withoutColour } = work;
    expect(parseWithReasons(taskListSchema, withoutColour)).toEqual({
      ok: false,
      reasons: [`colour: must be one of ${LIST_COLOURS.join(', ')}`],
    });
  });
});
