import type { Task } from '@tasklane/shared/domain/task';
import { newTaskId } from '@tasklane/shared/domain/task-id';
import { makeTask } from '@tasklane/testkit/task-fixture';

/** The same document for both systems: a realistic size, every field set, and an id as the PWA makes it (UUID v7, [SW1]). */
export function benchTask(title: string): Task {
  return makeTask({
    id: newTaskId(),
    title,
    description: 'Benchmark task with a short description so rows have a realistic size.',
    tags: ['bench'],
  });
}
