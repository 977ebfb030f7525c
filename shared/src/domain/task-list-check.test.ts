import fc from 'fast-check';
import { parseWithReasons } from './parse-result';
import { checkedTaskList, checkTaskList } from './task-list-check';
import { INBOX_LIST_ID, TASK_LIST_KEYS } from './task-list';
import { storedTaskListSchema, taskListObjectSchema, taskListSchema } from './task-list-schema';
import { Problems } from './value-check';
import { fieldsOf, listArbitrary, mutated, mutationArbitrary } from './value-mutations';

describe('the list check without zod', () => {
  it('[ZF2] accepts exactly the lists taskListSchema and storedTaskListSchema accept', () => {
    fc.assert(
      fc.property(listArbitrary, mutationArbitrary, (list, mutation) => {
        const input = mutated(list, mutation);
        const zod = parseWithReasons(taskListSchema, input);
        const check = checkedTaskList(input);
        expect(check.ok).toBe(zod.ok);
        if (!zod.ok && !check.ok) expect(fieldsOf(zod.reasons)).toEqual(expect.arrayContaining(fieldsOf(check.reasons)));
        expect(checkTaskList(input, [], new Problems(), 'stored')).toBe(storedTaskListSchema.safeParse(input).success);
      }),
      { numRuns: 2000 },
    );
  });

  it('[ZF2] TASK_LIST_KEYS is the order of the schema, and the Inbox rules hold without zod', () => {
    expect(TASK_LIST_KEYS).toEqual(Object.keys(taskListObjectSchema.shape));
    const inbox = { id: INBOX_LIST_ID, name: 'Inbox', colour: 'grey', order: 'a0', archived: true, inbox: true };
    const times = { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', _deleted: true };
    expect(checkedTaskList({ ...inbox, ...times })).toEqual({
      ok: false,
      reasons: ['archived: the Inbox cannot be archived', '_deleted: the Inbox cannot be deleted'],
    });
  });
});
