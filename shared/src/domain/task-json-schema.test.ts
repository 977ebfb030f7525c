import Ajv from 'ajv';
import fc from 'fast-check';
import { taskArbitrary } from '../sync/task-arbitraries';
import { TASK_KEYS } from './task';
import { buildTaskListRxJsonSchema, buildTaskRxJsonSchema, TASK_RX_SCHEMA_VERSION } from './task-json-schema';
import { INBOX_LIST_ID, TASK_LIST_KEYS, type TaskList } from './task-list';

/** RxDB's own validator (validate-ajv) is ajv: every valid document must pass the derived schema, `_deleted` set aside. */
function validatorOf(schema: object) {
  return new Ajv({ strict: false, allErrors: true }).compile(schema);
}

const inbox: TaskList = {
  id: INBOX_LIST_ID,
  name: 'Inbox',
  colour: 'grey',
  order: 'a0',
  archived: false,
  inbox: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  _deleted: false,
};

describe('the RxDB schemas derived from the document schemas', () => {
  it('[D3] [DM22] [RM6] [AS2] the task collection is at version 3 (data model v2 with reminders and the assignee), with every field but RxDB’s own _deleted', () => {
    const schema = buildTaskRxJsonSchema();
    expect(schema.version).toBe(TASK_RX_SCHEMA_VERSION);
    expect(TASK_RX_SCHEMA_VERSION).toBe(3);
    expect(schema.primaryKey).toBe('id');
    expect(Object.keys(schema.properties)).toEqual(TASK_KEYS.filter((key) => key !== '_deleted'));
    expect(schema.required).toEqual(TASK_KEYS.filter((key) => key !== '_deleted' && key !== 'seq'));
    expect(JSON.stringify(schema)).not.toContain('"format"');
    expect(JSON.stringify(schema)).not.toContain('$schema');
  });

  it('[D3] [DM22] every valid version-2 task passes the derived task schema', () => {
    const validate = validatorOf(buildTaskRxJsonSchema());
    fc.assert(
      fc.property(taskArbitrary, ({ _deleted: _d, ...task }) => {
        expect(validate(task) ? [] : validate.errors).toEqual([]);
      }),
    );
    expect(validate({ id: 'task-1', title: 'x' })).toBe(false);
  });

  it('[DM22] the list collection starts at version 0 with the list document’s fields', () => {
    const schema = buildTaskListRxJsonSchema();
    expect(schema).toMatchObject({ title: 'lists', version: 0, primaryKey: 'id', additionalProperties: false });
    expect(Object.keys(schema.properties)).toEqual(TASK_LIST_KEYS.filter((key) => key !== '_deleted'));
    const validate = validatorOf(schema);
    const { _deleted: _d, ...document } = inbox;
    expect(validate(document) ? [] : validate.errors).toEqual([]);
    expect(validate({ ...document, colour: 'mauve' })).toBe(false);
    expect(validate({ ...document, userId: 'someone' })).toBe(false);
  });
});
