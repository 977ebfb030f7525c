import type { TaskList } from '@tasklane/shared/domain/task-list';
import { appSuite } from './support/app-suite';
import { poll } from './support/browser';

jest.setTimeout(120_000);

describe('e2e: undoing list edits and quick add', () => {
  const suite = appSuite();

  it('[ED9] [UX1] a list deleted with its tasks comes back with them on Undo, after a reload and on the server; a quick add is undone too', async () => {
    const { page, app, rest, device } = await suite.signedIn('ux-undo');
    const work = await rest.createList({ name: 'Work', colour: 'green' });
    for (const title of ['Draft memo', 'Book room', 'Call Sam']) await rest.createTask({ title, listId: work.id });
    await rest.createTask({ title: 'Inbox own' });
    const toast = page.getByTestId('undo-toast');
    const workTitles = async () =>
      (await rest.tasks())
        .filter((task) => task.listId === work.id)
        .map((task) => task.title)
        .sort()
        .join();

    // a quick add, undone from its toast: gone here and on the server
    await app.openList(suite.server.url, work.id, 'Work');
    await app.add('Milk');
    await toast.getByText('Created ‘Milk’').waitFor();
    await app.waitForPending(0);
    await toast.getByRole('button', { name: 'Undo' }).click();
    await app.row('Milk').waitFor({ state: 'detached' });
    await poll(
      async () => (await rest.tasks()).map((task) => task.title),
      (titles) => titles.length === 4 && !titles.includes('Milk'),
      { what: 'the quick add undone on the server' },
    );

    // the list deleted with its 3 tasks, on this device and on the server
    await poll(app.titles, (titles) => titles.length === 3, { what: 'the three tasks of Work shown' });
    await page.getByRole('button', { name: 'Edit list' }).click();
    await page.getByRole('button', { name: 'Delete list…' }).click();
    await page.getByLabel('Delete them too').check();
    await page.getByRole('button', { name: 'Delete list', exact: true }).click();
    await page.locator('#view-heading').getByText('Inbox').waitFor();
    await toast.getByText('Deleted list ‘Work’ and 3 tasks').waitFor();
    await app.waitForPending(0);
    expect((await rest.list(work.id)).status).toBe(404);
    expect(await workTitles()).toBe('');

    // Undo: the list and the same tasks back, in the list, here and on the server
    await toast.getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('edit-announcer').getByText('Undone: Deleted list ‘Work’ and 3 tasks.').waitFor();
    await app.openList(suite.server.url, work.id, 'Work');
    await poll(
      async () => (await app.titles()).sort().join(),
      (titles) => titles === 'Book room,Call Sam,Draft memo',
      { what: 'the tasks back in Work' },
    );
    const restored = await poll(
      async () => rest.list(work.id),
      (answer) => answer.status === 200,
      { what: 'the list back on the server' },
    );
    expect(restored.body as TaskList).toMatchObject({ name: 'Work', colour: 'green', archived: false });
    await poll(workTitles, (titles) => titles === 'Book room,Call Sam,Draft memo', { what: 'the tasks back on the server' });
    expect((await rest.tasks()).find((task) => task.title === 'Inbox own')?.listId).toBe('inbox');

    // after a reload, from the device's own database
    await page.reload();
    await page.getByTestId('pending-count').waitFor();
    await app.openList(suite.server.url, work.id, 'Work');
    await poll(
      async () => (await app.titles()).sort().join(),
      (titles) => titles === 'Book room,Call Sam,Draft memo',
      { what: 'the tasks in Work after the reload' },
    );
    await device.screenshot('ux1-list-undone');
  });
});
