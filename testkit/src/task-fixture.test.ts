import { taskSchema } from '@tasklane/shared/domain/task';
import { FIXTURE_TIME, makeTask } from './task-fixture';

describe('the task fixture', () => {
  it('builds a task the protocol accepts, with a fresh id each time', () => {
    const first = makeTask();
    expect(taskSchema.parse(first)).toEqual(first);
    expect(makeTask().id).not.toBe(first.id);
  });

  it('lets a test pin any field, timestamps included', () => {
    const pinned = { id: 't1', title: 'first', createdAt: FIXTURE_TIME, updatedAt: FIXTURE_TIME };
    expect(makeTask(pinned)).toMatchObject(pinned);
  });
});
