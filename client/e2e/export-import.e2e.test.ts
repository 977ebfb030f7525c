import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { appSuite, type SignedIn } from './support/app-suite';
import { OFFLINE_NOISE, poll } from './support/browser';

jest.setTimeout(180_000);

/** What the server holds for a user, through REST. */
async function serverAccount({ rest }: SignedIn): Promise<{ tasks: Task[]; lists: TaskList[] }> {
  return { tasks: await rest.tasks(), lists: await rest.lists() };
}

/** The content a user sees of a task: everything but the server's revision and the clocks of its writes. */
const contentOf = (task: Task) => ({
  id: task.id,
  title: task.title,
  listId: task.listId,
  due: task.due,
  recurrence: task.recurrence,
  occurrence: task.occurrence,
  checklist: task.checklist,
  tags: task.tags,
  status: task.status,
  order: task.order,
});

async function openPanel(page: Page) {
  await page.getByRole('button', { name: 'Export or import' }).click();
  const panel = page.getByRole('dialog', { name: 'Export and import' });
  await panel.waitFor();
  return panel;
}

describe('e2e: export and import', () => {
  const suite = appSuite();
  const files: string[] = [];
  afterEach(() => {
    for (const file of files.splice(0)) fs.rmSync(file, { force: true });
  });
  const signedIn = (name: string) => suite.signedIn(name, { allowed: OFFLINE_NOISE });

  it('[ED10] [ED11] an account exported offline and imported offline into a fresh account shows the same tasks and lists', async () => {
    const source = await signedIn('ed-export');
    const work = await source.rest.createList({ name: 'Work', colour: 'blue' });

    await source.app.add('Plain task');
    await source.app.openList(suite.server.url, work.id, 'Work');
    await source.app.add('Weekly report');
    await source.page.getByRole('button', { name: 'Edit “Weekly report”', exact: true }).click();
    const editor = source.page.getByRole('dialog', { name: 'Edit task' });
    await editor.getByLabel('Date').fill('2026-06-01');
    await editor.getByLabel('Time (optional)').fill('09:30');
    await editor.getByLabel('Repeats').selectOption('weekly');
    await editor.getByLabel('Tags (comma-separated)').fill('work');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached' });
    await source.page.getByRole('button', { name: 'Edit “Weekly report”', exact: true }).click();
    await editor.getByLabel('New checklist item').fill('Slides');
    await editor.getByLabel('New checklist item').press('Enter');
    await editor.getByRole('textbox', { name: 'Rename “Slides”' }).waitFor();
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await source.app.waitForPending(0);
    const exported = await poll(
      () => serverAccount(source),
      ({ tasks }) => tasks.length === 2 && tasks.some((task) => task.checklist.length === 1 && task.recurrence !== null),
      { what: 'the source account on the server' },
    );

    // offline: the files are made from the device's database
    await source.device.context.setOffline(true);
    await poll(source.app.connection, (state) => state === 'offline', { what: 'offline' });
    const panel = await openPanel(source.page);
    const [download] = await Promise.all([
      source.page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download backup (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^tasklane-export-\d{4}-\d{2}-\d{2}\.json$/);
    const file = path.join(os.tmpdir(), `ed-export-${randomUUID()}.json`);
    files.push(file);
    await download.saveAs(file);
    await panel.getByText('Saved tasklane-export-').waitFor();
    const [csv] = await Promise.all([
      source.page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download tasks as CSV' }).click(),
    ]);
    const csvFile = path.join(os.tmpdir(), `ed-export-${randomUUID()}.csv`);
    files.push(csvFile);
    await csv.saveAs(csvFile);
    const csvText = fs.readFileSync(csvFile, 'utf8');
    expect(csvText).toContain('"Weekly report"');
    expect(csvText).toContain('"[ ] Slides"');
    const document = JSON.parse(fs.readFileSync(file, 'utf8')) as { format: string; version: number; lists: TaskList[]; tasks: Task[] };
    expect(document).toMatchObject({ format: 'tasklane-export', version: 2 });
    expect(document.tasks.map(contentOf).sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
      exported.tasks.map(contentOf).sort((a, b) => (a.id < b.id ? -1 : 1)),
    );

    // a fresh account, offline too
    const target = await signedIn('ed-import');
    await target.device.context.setOffline(true);
    await poll(target.app.connection, (state) => state === 'offline', { what: 'offline' });
    const importPanel = await openPanel(target.page);
    await importPanel.getByLabel('Import a Tasklane backup (JSON)').setInputFiles(file);
    await poll(
      () => importPanel.getByTestId('export-status').innerText(),
      (text) => text.includes('Imported') && text.includes('2 tasks (2 new, 0 updated, 0 unchanged)'),
      { what: 'the import report' },
    );
    await importPanel.getByRole('button', { name: 'Close' }).click();
    await target.app.row('Plain task').waitFor();
    await target.page.goto(`${suite.server.url}/#/list/${work.id}`);
    const row = target.app.row('Weekly report');
    await row.waitFor();
    expect(await row.getByTestId('repeat').innerText()).toContain('Every week on Mon');
    expect(await row.getByTestId('checklist-progress').innerText()).toContain('0/1');

    // importing it again changes nothing
    const again = await openPanel(target.page);
    await again.getByLabel('Import a Tasklane backup (JSON)').setInputFiles(file);
    await poll(
      () => again.getByTestId('export-status').innerText(),
      (text) => text.includes('2 tasks (0 new, 0 updated, 2 unchanged)'),
      { what: 'the second import report' },
    );
    await again.getByRole('button', { name: 'Close' }).click();

    await target.device.context.setOffline(false);
    await target.app.waitForPending(0, 30_000);
    const imported = await poll(
      () => serverAccount(target),
      ({ tasks, lists }) => tasks.length === 2 && lists.some((list) => list.id === work.id),
      { what: 'the imported account on the server' },
    );
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect(imported.tasks.map(contentOf).sort(byId)).toEqual(exported.tasks.map(contentOf).sort(byId));
    const listContent = (list: TaskList) => ({ id: list.id, name: list.name, colour: list.colour, archived: list.archived });
    expect(imported.lists.map(listContent).sort(byId)).toEqual(exported.lists.map(listContent).sort(byId));
    await source.device.screenshot('ed-export');
    await target.device.screenshot('ed-import');
  });
});
