import type { Task } from '@tasklane/shared/domain/task';
import { makeTask } from '@tasklane/testkit/task-fixture';

/** The same document for both systems: a realistic size, every field set. */
export function benchTask(title: string): Task {
  return makeTask({ title, description: 'Benchmark task with a short description so rows have a realistic size.', tags: ['bench'] });
}
