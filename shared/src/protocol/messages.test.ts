import { buildTaskRxJsonSchema } from '../domain/task-json-schema';
import { newTask } from '../domain/task-defaults';
import { INBOX_LIST_ID, type TaskList } from '../domain/task-list';
import { changesEventSchema } from './changes';
import { REPLICATED_COLLECTIONS } from './collections';
import { parseMessage } from './parse-message';
import { ProtocolError } from './protocol-error';
import { pullRequestSchema, pullResponseSchema } from './pull';
import { listPushRequestSchema, pushRequestSchema, pushRequestSchemaFor, pushResponseSchema } from './push';

let nextId = 0;
const newId = () => `task-${(nextId += 1)}`;

const task = {
  ...newTask({ id: newId(), title: 'Water the plants', createdAt: '2026-11-28T10:00:00.000Z', updatedAt: '2026-11-28T10:00:00.000Z' }),
  priority: 'low' as const,
  tags: ['home'],
};

const list: TaskList = {
  id: 'groceries',
  name: 'Groceries',
  colour: 'green',
  order: 'a1',
  archived: false,
  inbox: false,
  createdAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:00.000Z',
  _deleted: false,
};

function invalid(schema: Parameters<typeof parseMessage>[0], payload: unknown): ProtocolError {
  try {
    parseMessage(schema, payload, 'message');
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error('expected the payload to be rejected');
}

describe('protocol messages', () => {
  it('[V1] a well-formed pull and push parse', () => {
    expect(parseMessage(pullRequestSchema, { checkpoint: null, limit: 100 }, 'pull')).toEqual({
      collection: 'tasks',
      checkpoint: null,
      limit: 100,
    });
    expect(parseMessage(pushRequestSchema, { rows: [{ newDocumentState: task }] }, 'push').rows).toHaveLength(1);
  });

  it.each([
    ['a missing limit', { checkpoint: null }],
    ['a fractional limit', { checkpoint: null, limit: 1.5 }],
    ['a negative checkpoint', { checkpoint: { seq: -1 }, limit: 10 }],
    ['a string', 'pull everything'],
  ])('[V1] pull with %s is INVALID_MESSAGE', (_what, payload) => {
    const error = invalid(pullRequestSchema, payload);
    expect(error.code).toBe('INVALID_MESSAGE');
    expect(error.retryable).toBe(false);
  });

  it.each([
    ['an operator object as checkpoint', { checkpoint: { $gt: '' }, limit: 10 }],
    ['an unknown field', { checkpoint: null, limit: 10, userId: 'someone-else' }],
  ])('[V2] pull with %s is INVALID_MESSAGE', (_what, payload) => {
    expect(invalid(pullRequestSchema, payload).code).toBe('INVALID_MESSAGE');
  });

  it.each([
    ['a limit of 0', { checkpoint: null, limit: 0 }],
    ['a limit over 1000', { checkpoint: null, limit: 1001 }],
  ])('[V3] pull with %s is INVALID_MESSAGE', (_what, payload) => {
    expect(invalid(pullRequestSchema, payload).code).toBe('INVALID_MESSAGE');
  });

  it.each([
    ['an unknown status', { rows: [{ newDocumentState: { ...task, status: 'archived' } }] }],
    ['a title over 500 characters', { rows: [{ newDocumentState: { ...task, title: 'x'.repeat(501) } }] }],
    ['21 tags', { rows: [{ newDocumentState: { ...task, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) } }] }],
    ['a non-ISO date', { rows: [{ newDocumentState: { ...task, updatedAt: 'tomorrow' } }] }],
    ['a due that is no day', { rows: [{ newDocumentState: { ...task, due: { date: '2026-02-30' } } }] }],
    ['an id with a slash', { rows: [{ newDocumentState: { ...task, id: '../etc' } }] }],
    ['the same id twice', { rows: [{ newDocumentState: task }, { newDocumentState: task }] }],
    ['an assumedMasterState of another document', { rows: [{ newDocumentState: task, assumedMasterState: { ...task, id: 'other' } }] }],
  ])('[V1] push with %s is INVALID_MESSAGE', (_what, payload) => {
    expect(invalid(pushRequestSchema, payload).code).toBe('INVALID_MESSAGE');
  });

  it.each([
    ['an operator object as title', { rows: [{ newDocumentState: { ...task, title: { $gt: '' } } }] }],
    ['a __proto__ key', JSON.parse(`{"rows":[{"newDocumentState":${JSON.stringify(task)},"__proto__":{"polluted":true}}]}`)],
  ])('[V2] push with %s is INVALID_MESSAGE and pollutes nothing', (_what, payload) => {
    expect(invalid(pushRequestSchema, payload).code).toBe('INVALID_MESSAGE');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('[D1] a document carrying a userId is INVALID_MESSAGE', () => {
    expect(invalid(pushRequestSchema, { rows: [{ newDocumentState: { ...task, userId: 'victim' } }] }).code).toBe('INVALID_MESSAGE');
  });

  it.each([
    ['no rows', { rows: [] }],
    ['501 rows', { rows: Array.from({ length: 501 }, () => ({ newDocumentState: { ...task, id: newId() } })) }],
  ])('[V3] push with %s is INVALID_MESSAGE', (_what, payload) => {
    expect(invalid(pushRequestSchema, payload).code).toBe('INVALID_MESSAGE');
  });

  it('[V1] the error message names the offending field', () => {
    const error = invalid(pushRequestSchema, { rows: [{ newDocumentState: { ...task, priority: 'urgent' } }] });
    expect(error.message).toContain('rows.0.newDocumentState.priority');
  });

  it('[D3] the RxDB schema is derived from the same definition', () => {
    const schema = buildTaskRxJsonSchema();
    expect(schema.primaryKey).toBe('id');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['id', 'title', 'status', 'tags', 'seq']));
    expect(schema.properties).not.toHaveProperty('_deleted');
    expect(schema.required).toContain('title');
    expect(schema.required).not.toContain('seq');
    expect(JSON.stringify(schema)).not.toContain('"format"');
  });
});

describe('protocol messages: collections (protocol version 2)', () => {
  const checkpoint = { seq: 3, generation: 'gen-1' };

  it('[DM22] [CO1] a pull names its collection; without one it pulls tasks; an unknown collection is refused', () => {
    expect(REPLICATED_COLLECTIONS).toEqual(['tasks', 'lists']);
    expect(parseMessage(pullRequestSchema, { collection: 'lists', checkpoint: null, limit: 10 }, 'pull').collection).toBe('lists');
    expect(parseMessage(pullRequestSchema, { checkpoint, limit: 10 }, 'pull').collection).toBe('tasks');
    for (const collection of ['notes', 'Tasks', '', null, ['tasks']]) {
      const error = invalid(pullRequestSchema, { collection, checkpoint: null, limit: 10 });
      expect(error.code).toBe('INVALID_MESSAGE');
      expect(error.message).toContain('collection');
    }
  });

  it('[DM22] [CO1] a push of lists is chosen by its collection and holds list documents only', () => {
    const lists = { collection: 'lists', rows: [{ newDocumentState: list, assumedMasterState: { ...list, seq: 2 } }] };
    expect(pushRequestSchemaFor(lists)).toBe(listPushRequestSchema);
    expect(parseMessage(pushRequestSchemaFor(lists), lists, 'push').rows).toHaveLength(1);
    // A task in a push of lists, a list in a push of tasks: each is refused by the schema its collection chose.
    const taskAmongLists = { collection: 'lists', rows: [{ newDocumentState: task }] };
    expect(invalid(pushRequestSchemaFor(taskAmongLists), taskAmongLists).code).toBe('INVALID_MESSAGE');
    for (const tasks of [{ rows: [{ newDocumentState: list }] }, { collection: 'tasks', rows: [{ newDocumentState: list }] }]) {
      expect(pushRequestSchemaFor(tasks)).toBe(pushRequestSchema);
      expect(invalid(pushRequestSchemaFor(tasks), tasks).code).toBe('INVALID_MESSAGE');
    }
    // The list push keeps the rules of a task push: one row per id, a master state of the same document.
    const twice = { collection: 'lists', rows: [{ newDocumentState: list }, { newDocumentState: list }] };
    expect(invalid(listPushRequestSchema, twice).message).toContain('each document id only once');
    const otherMaster = { collection: 'lists', rows: [{ newDocumentState: list, assumedMasterState: { ...list, id: 'other' } }] };
    expect(invalid(listPushRequestSchema, otherMaster).message).toContain('assumedMasterState.id');
  });

  it('[DM22] [DM18] a list push refuses what the list document refuses: an archived Inbox, a userId, an unknown colour', () => {
    const inbox = { ...list, id: INBOX_LIST_ID, name: 'Inbox', inbox: true };
    for (const document of [
      { ...inbox, archived: true },
      { ...inbox, _deleted: true },
      { ...list, userId: 'x' },
      { ...list, colour: 'mauve' },
    ]) {
      expect(invalid(listPushRequestSchema, { collection: 'lists', rows: [{ newDocumentState: document }] }).code).toBe('INVALID_MESSAGE');
    }
  });

  it('[DM22] [CO1] an unknown collection in a push is refused, not taken for tasks', () => {
    for (const collection of ['notes', 'LISTS', 1]) {
      const payload = { collection, rows: [{ newDocumentState: task }] };
      const error = invalid(pushRequestSchemaFor(payload), payload);
      expect(error.code).toBe('INVALID_MESSAGE');
      expect(error.message).toContain('collection');
    }
  });

  it('[DM22] [H3] a version-1 task (dueAt, no listId) in a push is INVALID_MESSAGE naming the fields', () => {
    const { listId: _l, due: _d, recurrence: _r, recurrenceEditedAt: _e, occurrence: _o, checklist: _c, order: _x, ...common } = task;
    const error = invalid(pushRequestSchema, { rows: [{ newDocumentState: { ...common, dueAt: null } }] });
    expect(error.message).toContain('rows.0.newDocumentState');
    expect(error.message).toMatch(/dueAt|listId/);
  });

  it('[DM22] [CO2] a changes event names its collection and carries stored documents of that collection', () => {
    const tasks = { collection: 'tasks', documents: [{ ...task, seq: 4 }], checkpoint: { ...checkpoint, seq: 4 }, previous: checkpoint };
    const lists = { collection: 'lists', documents: [{ ...list, seq: 5 }], checkpoint: { ...checkpoint, seq: 5 }, previous: null };
    expect(changesEventSchema.parse(tasks).collection).toBe('tasks');
    expect(changesEventSchema.parse(lists).collection).toBe('lists');
    const { collection: _c, ...withoutCollection } = tasks;
    expect(changesEventSchema.safeParse(withoutCollection).success).toBe(false);
    expect(changesEventSchema.safeParse({ ...tasks, collection: 'notes' }).success).toBe(false);
    expect(changesEventSchema.safeParse({ ...tasks, documents: [task] }).success).toBe(false); // a stored document has its seq
    expect(
      changesEventSchema.safeParse({
        ...tasks,
        documents: [
          { ...task, seq: 4 },
          { ...list, seq: 5 },
        ],
      }).success,
    ).toBe(false);
  });

  it('[DM22] [CO1] pull and push answers carry documents of one collection, never a mix', () => {
    const answer = { documents: [{ ...list, seq: 1 }], checkpoint: { ...checkpoint, seq: 1 } };
    expect(pullResponseSchema.safeParse(answer).success).toBe(true);
    expect(pullResponseSchema.safeParse({ documents: [], checkpoint: null }).success).toBe(true);
    expect(
      pullResponseSchema.safeParse({
        ...answer,
        documents: [
          { ...list, seq: 1 },
          { ...task, seq: 2 },
        ],
      }).success,
    ).toBe(false);
    expect(pushResponseSchema.safeParse({ conflicts: [{ ...task, seq: 2 }] }).success).toBe(true);
    expect(
      pushResponseSchema.safeParse({
        conflicts: [
          { ...task, seq: 2 },
          { ...list, seq: 1 },
        ],
      }).success,
    ).toBe(false);
  });
});
