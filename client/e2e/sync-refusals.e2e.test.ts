import type { Page } from 'playwright-core';
import { keyBetween } from '@tasklane/shared/domain/order-key';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket } from '@tasklane/testkit/sync-socket';
import { makeList } from '@tasklane/testkit/task-fixture';
import { appDriver } from './support/app-driver';
import { CLIENT_DIST, OFFLINE_NOISE, openDevice, poll, type Device } from './support/browser';
import { serverListsOf } from './support/server-api';

jest.setTimeout(120_000);

const live = <L extends { _deleted: boolean; inbox: boolean }>(lists: L[]): L[] => lists.filter((list) => !list._deleted && !list.inbox);

async function createList(page: Page, name: string) {
  await page.getByRole('button', { name: '+ New list' }).click();
  const dialog = page.getByRole('dialog', { name: 'New list' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create list' }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('e2e: rows the server refuses', () => {
  let server: TestServer;
  let device: Device | undefined;

  beforeAll(async () => {
    server = await startTestServer({ clientDistDir: CLIENT_DIST });
  });
  afterAll(async () => {
    await device?.close();
    await server.close();
  });

  it('[RJ5] [RJ2] lists created offline past the cap stay on the device marked "Couldn’t sync", also after a reload, and sync once there is room and they are edited again', async () => {
    const user = await registerUser(server.url);
    const seeder = await connectSocket(server.url, user.accessToken);
    let order = 'a0';
    const seeded = Array.from({ length: 498 }, (_, index) =>
      makeList({ name: `Seeded ${String(index).padStart(3, '0')}`, order: (order = keyBetween(order, null)) }),
    );
    const seeding = await seeder.pushLists({ rows: seeded.map((list) => ({ newDocumentState: list })) });
    seeder.close();
    expect(seeding).toEqual({ ok: true, data: { conflicts: [] } });

    device = await openDevice('rj5', OFFLINE_NOISE);
    const { page, context } = device;
    await page.setViewportSize({ width: 1280, height: 800 });
    const app = appDriver(page);
    await app.signIn(server.url, user.email, user.password);
    const nav = page.getByRole('navigation', { name: 'Lists' });
    await nav.getByRole('link', { name: /^Seeded 497 0 open$/ }).waitFor({ timeout: 30_000 });
    await app.waitForServiceWorkerControl();

    await context.setOffline(true);
    for (const name of ['Offline one', 'Offline two', 'Offline three']) await createList(page, name);
    await context.setOffline(false);

    const marked = nav.getByRole('link', { name: /Couldn’t sync: this account has 500 lists, the most it may have/ });
    await marked.waitFor({ timeout: 30_000 });
    const onServer = await poll(
      () => serverListsOf(server.url, user.email, user.password),
      (lists) => live(lists).length === 500,
      { what: 'the lists that fit on the server', timeoutMs: 15_000 },
    );
    const offlineOnServer = live(onServer).filter((list) => list.name.startsWith('Offline'));
    expect(offlineOnServer).toHaveLength(2);
    const [refusedName] = ['Offline one', 'Offline two', 'Offline three'].filter(
      (name) => !offlineOnServer.some((list) => list.name === name),
    );
    // Nothing disappeared: every list made offline is still on the device, the refused one marked in words.
    expect(await marked.count()).toBe(1);
    await expect(marked.innerText()).resolves.toContain(`${refusedName} · Couldn’t sync:`);
    // the mark follows the name; it is not part of it (the move buttons name the list as it is)
    await nav.getByRole('button', { name: `Move list “${refusedName}” up`, exact: true }).waitFor();
    for (const list of offlineOnServer) await nav.getByRole('link', { name: `${list.name} 0 open`, exact: true }).waitFor();
    await device.screenshot('rj5-refused-list');

    await page.reload();
    await marked.waitFor({ timeout: 30_000 });

    // Room again (another device deletes a list); editing the refused list pushes it again, and it is accepted.
    const deleted = await api(server.url, 'DELETE', `/api/lists/${seeded[0]!.id}?tasks=delete`, { token: user.accessToken });
    expect(deleted.status).toBe(204);
    await marked.click();
    await page.getByRole('button', { name: 'Edit list' }).click();
    const edit = page.getByRole('dialog', { name: `Edit “${refusedName}”` });
    await edit.getByLabel('Name').fill(`${refusedName}, again`);
    await edit.getByRole('button', { name: 'Save' }).click();
    await nav.getByRole('link', { name: `${refusedName}, again 0 open`, exact: true }).waitFor({ timeout: 30_000 });
    expect(await marked.count()).toBe(0);
    await poll(
      () => serverListsOf(server.url, user.email, user.password),
      (lists) => live(lists).some((list) => list.name === `${refusedName}, again`),
      { what: 'the refused list on the server after its edit', timeoutMs: 15_000 },
    );
    expect(device.errors).toEqual([]);
  });

  it('[RJ6] a refused task edit that another device’s change replaces is offered back, and restoring it syncs the edit', async () => {
    const user = await registerUser(server.url);
    const created = await api(server.url, 'POST', '/api/tasks', { token: user.accessToken, body: { title: 'Quarterly report' } });
    expect(created.status).toBe(201);
    const phone = await openDevice('rj6', OFFLINE_NOISE);
    try {
      const { page } = phone;
      const app = appDriver(page);
      await app.signIn(server.url, user.email, user.password);
      await app.row('Quarterly report').waitFor({ timeout: 30_000 });
      // The app drops unsafe characters as they are typed (UC3); an edit made before that (an older app, another
      // client) still reaches the server: here the title is set without an input event, as such an app would have.
      await page.getByRole('button', { name: 'Edit “Quarterly report”', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit task' });
      await dialog.getByLabel('Title').evaluate((field: HTMLInputElement, title) => {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(field, title);
        field.dispatchEvent(new Event('change', { bubbles: true }));
      }, 'Quarterly report \u202edue');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('sync-problem').filter({ hasText: 'Couldn’t sync: the title holds' }).waitFor({ timeout: 30_000 });

      // Another device changes the task; its change replaces the refused edit here, which is offered back.
      const patched = await api(server.url, 'PATCH', `/api/tasks/${created.body.id}`, {
        token: user.accessToken,
        body: { title: 'Quarterly report (draft)' },
      });
      expect(patched.status).toBe(200);
      const offer = page.getByRole('region', { name: 'Edits that couldn’t sync' });
      await offer.getByText('Your edit of “Quarterly report due” couldn’t sync').waitFor({ timeout: 30_000 });
      await app.row('Quarterly report (draft)').waitFor();
      await phone.screenshot('rj6-refused-edit-offered');

      await offer.getByRole('button', { name: 'Restore my edit' }).click();
      await app.row('Quarterly report due').waitFor({ timeout: 30_000 });
      await offer.waitFor({ state: 'detached', timeout: 30_000 });
      await poll(
        () => api(server.url, 'GET', `/api/tasks/${created.body.id}`, { token: user.accessToken }),
        (response) => (response.body as { title: string }).title === 'Quarterly report due',
        { what: 'the restored edit on the server', timeoutMs: 15_000 },
      );
      expect(await page.getByTestId('sync-problem').count()).toBe(0);
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('[UC3] a title pasted with a line break and a bidi override is cleaned as it is typed: the task syncs as plain text', async () => {
    const user = await registerUser(server.url);
    const phone = await openDevice('uc3', OFFLINE_NOISE);
    try {
      const app = appDriver(phone.page);
      await app.signIn(server.url, user.email, user.password);
      const field = phone.page.getByLabel('New task');
      await field.focus();
      await phone.page.keyboard.insertText('Buy\r\nmilk\u202e today');
      await expect(field.inputValue()).resolves.toBe('Buy milk today');
      await field.press('Enter');
      await app.row('Buy milk today').waitFor();
      await app.waitForPending(0, 30_000);
      const tasks = await api(server.url, 'GET', '/api/tasks', { token: user.accessToken });
      expect((tasks.body as { tasks: { title: string }[] }).tasks.map((task) => task.title)).toEqual(['Buy milk today']);
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
