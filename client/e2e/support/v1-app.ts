import type { Page } from 'playwright-core';

export type Version1Edit = {
  title?: string;
  status?: 'To do' | 'In progress' | 'Done';
  priority?: 'Low' | 'Medium' | 'High';
  /** `YYYY-MM-DD`, typed into the date input: the v1 build stores it as that day's local noon (`dueAt`). */
  dueDate?: string;
  /** What the user types into "Tags (comma-separated)". */
  tags?: string;
};

/** The v1 build's task editor (commit 7ec223d, client/src/ui/tasks/task-editor.tsx), by its labels. */
export async function editInVersion1(page: Page, title: string, change: Version1Edit): Promise<void> {
  await page.getByRole('button', { name: `Edit “${title}”`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit task' });
  if (change.title !== undefined) await dialog.getByLabel('Title').fill(change.title);
  if (change.status !== undefined) await dialog.getByLabel('Status').selectOption({ label: change.status });
  if (change.priority !== undefined) await dialog.getByLabel('Priority').selectOption({ label: change.priority });
  if (change.dueDate !== undefined) await dialog.getByLabel('Due date').fill(change.dueDate);
  if (change.tags !== undefined) await dialog.getByLabel('Tags (comma-separated)').fill(change.tags);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** The ids the rows carry (`data-task-id`), by title. */
export async function taskIdsByTitle(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('ul.tasks > li.task')].map((row) => [
        row.querySelector('.task-title')?.textContent ?? '',
        row.getAttribute('data-task-id') ?? '',
      ]),
    ),
  );
}
