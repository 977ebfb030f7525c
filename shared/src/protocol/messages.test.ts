import { buildTaskRxJsonSchema } from '../domain/task-json-schema';
import { parseMessage } from './parse-message';
import { ProtocolError } from './protocol-error';
import { pullRequestSchema } from './pull';
import { pushRequestSchema } from './push';

let nextId = 0;
const newId = () => `task-${(nextId += 1)}`;

const task = {
  id: newId(),
  title: 'Water the plants',
  description: '',
  status: 'todo',
  priority: 'low',
  dueAt: null,
  tags: ['home'],
  createdAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:00.000Z',
  completedAt: null,
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
    expect(parseMessage(pullRequestSchema, { checkpoint: null, limit: 100 }, 'pull')).toEqual({ checkpoint: null, limit: 100 });
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
    ['a non-ISO date', { rows: [{ newDocumentState: { ...task, dueAt: 'tomorrow' } }] }],
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
