import type { Page } from 'playwright-core';
import { poll } from './browser';

/** What a person does in the app, by visible labels and roles. */
export function appDriver(page: Page) {
  const rows = page.locator('ul.tasks > li.task');
  const row = (title: string) => rows.filter({ has: page.getByRole('button', { name: `Edit “${title}”`, exact: true }) });

  return {
    rows,
    row,
    async signUp(baseUrl: string, email: string, password: string) {
      await page.goto(baseUrl);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.getByTestId('pending-count').waitFor();
    },
    async signIn(baseUrl: string, email: string, password: string) {
      await page.goto(baseUrl);
      await page.getByRole('button', { name: 'Sign in' }).click(); // switch to the sign-in form
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('pending-count').waitFor();
    },
    /** Signs out through the confirmation and waits for the sign-up form: until then the device still holds the session. */
    async signOut() {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign up' }).first().waitFor();
    },
    async add(title: string) {
      await page.getByLabel('New task').fill(title);
      await page.getByLabel('New task').press('Enter');
      await row(title).waitFor();
    },
    async edit(title: string, change: { title?: string; status?: 'To do' | 'In progress' | 'Done' }) {
      await page.getByRole('button', { name: `Edit “${title}”`, exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit task' });
      if (change.title !== undefined) await dialog.getByLabel('Title').fill(change.title);
      if (change.status !== undefined) await dialog.getByLabel('Status').selectOption({ label: change.status });
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
    },
    async toggle(title: string) {
      await row(title).getByRole('checkbox').click();
    },
    async remove(title: string) {
      await page.getByRole('button', { name: `Delete “${title}”`, exact: true }).click();
      await row(title).waitFor({ state: 'detached' });
    },
    /** Opens a list's view once the list has reached this device: until then the app shows the Inbox instead ([NV1]). */
    async openList(baseUrl: string, listId: string, name: string) {
      const address = `${baseUrl}/#/list/${listId}`;
      await poll(
        async () => {
          if (page.url() !== address) await page.goto(address);
          return page.locator('#view-heading').innerText({ timeout: 1_000 });
        },
        (heading) => heading.includes(name),
        { timeoutMs: 30_000, what: `the list “${name}” open on the device` },
      );
    },
    titles: async () => rows.locator('.task-title').allInnerTexts(),
    pendingCount: async () => Number(await page.getByTestId('pending-count').innerText()),
    connection: async () => page.getByTestId('sync-connection').getAttribute('data-state'),
    async waitForPending(count: number, timeoutMs = 15_000) {
      return poll(
        async () => Number(await page.getByTestId('pending-count').innerText()),
        (n) => n === count,
        { timeoutMs, what: `${count} changes waiting` },
      );
    },
    async waitForServiceWorkerControl() {
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      await poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), Boolean, { what: 'service worker control' });
    },
  };
}
