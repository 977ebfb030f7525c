import { useEffect, type RefObject } from 'react';
import type { TaskDraft } from '../../db/task-repository';
import { launchNotice } from './launch-notice';
import { takeLaunchIntent } from './launch-intent';

/** [PH4] Opened from the "New task" shortcut: the new-task field gets the focus, once. */
export function useNewTaskFocus(input: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    if (takeLaunchIntent('new-task')) input.current?.focus();
  }, [input]);
}

/**
 * [PH5] Opened as a share target: the shared text becomes a task in the local database as soon as it is open, so it
 * works offline; replication carries it to the server like any other write.
 */
export function useSharedTask(repository: { create(draft: TaskDraft): Promise<unknown> } | null): void {
  useEffect(() => {
    if (!repository) return;
    const intent = takeLaunchIntent('share');
    if (!intent) return;
    const { task } = intent;
    if (!task) {
      launchNotice.set('Nothing was shared that could become a task.');
      return;
    }
    repository.create(task).then(
      () => launchNotice.set(`Added “${task.title}” from a share.`),
      (error: unknown) => {
        console.warn('Tasklane: the shared task could not be saved', error);
        launchNotice.set('The shared text could not be saved on this device. Share it again.');
      },
    );
  }, [repository]);
}
