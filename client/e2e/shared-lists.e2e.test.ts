import type { Page } from 'playwright-core';
import type { InvitationView } from '@tasklane/shared/domain/sharing-schema';
import type { Task } from '@tasklane/shared/domain/task';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { appSuite, DESKTOP } from './support/app-suite';
import { OFFLINE_NOISE, poll } from './support/browser';
import { restClient } from './support/rest-client';

jest.setTimeout(180_000);

/** The suite's server sends no mail, so an invitation is accepted without a confirmed address ([SH3]). */
async function shareOverRest(baseUrl: string, owner: RegisteredUser, listId: string, member: RegisteredUser, role: 'editor' | 'viewer') {
  const invited = await api(baseUrl, 'POST', `/api/lists/${listId}/invitations`, {
    token: owner.accessToken,
    body: { email: member.email, role },
  });
  expect(invited.status).toBe(201);
  const accepted = await api(baseUrl, 'POST', `/api/invitations/${(invited.body as InvitationView).id}/accept`, {
    token: member.accessToken,
  });
  expect(accepted.status).toBe(200);
}

const shareDialog = (page: Page, name: string) => page.getByRole('dialog', { name: `Share “${name}”` });

describe('e2e: shared lists in the app', () => {
  const suite = appSuite();

  it('[SC1] [SC2] [SC5] [SC6] the owner shares a list from the app, the other person accepts in theirs; after the owner removes them while they edit offline, their device drops the list and keeps the edit as “no access”, copied into their Inbox', async () => {
    const url = suite.server.url;
    const owner = await suite.signedIn('owner', { viewport: DESKTOP });
    const member = await suite.signedIn('member', { viewport: DESKTOP, allowed: OFFLINE_NOISE });
    const list = await owner.rest.createList({ name: 'Groceries', colour: 'green' });
    const milk = await owner.rest.createTask({ title: 'Buy milk', listId: list.id });
    await owner.rest.createTask({ title: 'Buy bread', listId: list.id });
    await owner.app.openList(url, list.id, 'Groceries');
    await owner.app.row('Buy bread').waitFor({ timeout: 30_000 });

    // [SC1] the owner invites by e-mail as editor; the invitation waits
    await owner.page.getByRole('button', { name: 'Share…' }).click();
    let share = shareDialog(owner.page, 'Groceries');
    await share.getByText('Nobody else yet.').waitFor();
    await share.getByLabel('Invite by email').fill(member.user.email);
    await share.getByLabel('Role', { exact: true }).selectOption('editor');
    await share.getByRole('button', { name: 'Invite' }).click();
    await share.getByRole('button', { name: `Withdraw the invitation of ${member.user.email}` }).waitFor();
    await share.getByRole('button', { name: 'Close' }).click();

    // [SC2] the invitee's app asks for invitations on start: a link to #/invitations, accepted there
    await member.page.reload();
    await member.page.getByTestId('invitations-link').click();
    await member.page.getByRole('heading', { name: 'Invitations', level: 2 }).waitFor();
    await member.page.getByText(`${owner.user.email} invites you to “Groceries” as editor.`).waitFor();
    await member.page.getByRole('button', { name: 'Accept the invitation to “Groceries”' }).click();
    await member.page.getByRole('link', { name: 'Open “Groceries”' }).waitFor();
    await member.page.getByText('No invitations are waiting for you.').waitFor();
    await member.device.screenshot('sc2-invitation-accepted');

    // both hold the list and its tasks; the member's navigation marks it shared, and only the owner edits the list [SC6]
    await member.app.openList(url, list.id, 'Groceries');
    await member.app.row('Buy milk').waitFor({ timeout: 30_000 });
    await member.app.row('Buy bread').waitFor();
    const memberNav = member.page.getByRole('navigation', { name: 'Lists' });
    await memberNav.getByRole('link', { name: /^Groceries Shared 2 open$/ }).waitFor({ timeout: 15_000 });
    await member.page.getByRole('button', { name: 'Members' }).waitFor();
    expect(await member.page.getByRole('button', { name: 'Edit list' }).count()).toBe(0);
    expect(await memberNav.getByRole('button', { name: 'Move list “Groceries” up' }).count()).toBe(0);
    await member.page.getByRole('button', { name: 'Members' }).click();
    const members = member.page.getByRole('dialog', { name: 'Members of “Groceries”' });
    await members.getByText(`${member.user.email} · Editor (you)`).waitFor();
    await members.getByText(`${owner.user.email} · Owner`).waitFor();
    await members.getByRole('button', { name: 'Close' }).click();

    await owner.page.getByRole('button', { name: 'Share…' }).click();
    share = shareDialog(owner.page, 'Groceries');
    await share.getByLabel(`Role of ${member.user.email}`).waitFor();
    await owner.page
      .getByRole('navigation', { name: 'Lists' })
      .getByRole('link', { name: /^Groceries Shared/ })
      .waitFor();
    await share.getByRole('button', { name: 'Close' }).click();

    // the member edits offline; the owner edits another task, then removes the member
    await member.device.context.setOffline(true);
    await poll(member.app.connection, (state) => state === 'offline', { what: 'the member offline' });
    await member.app.edit('Buy milk', { title: 'Buy oat milk' });
    await member.app.waitForPending(1);
    await owner.app.edit('Buy bread', { title: 'Buy rye bread' });
    await owner.page.getByRole('button', { name: 'Share…' }).click();
    share = shareDialog(owner.page, 'Groceries');
    await share.getByRole('button', { name: `Remove ${member.user.email}` }).click();
    await share.getByRole('button', { name: 'Remove from list' }).click();
    await share.getByText(`${member.user.email} was removed.`).waitFor();
    await share.getByText('Nobody else yet.').waitFor();
    await share.getByRole('button', { name: 'Close' }).click();

    // [SC5] back online: the list and its tasks leave the member's device; the refused edit stays, "no access"
    await member.device.context.setOffline(false);
    await memberNav.getByRole('link', { name: /Groceries/ }).waitFor({ state: 'detached', timeout: 30_000 });
    const offer = member.page.getByRole('region', { name: 'Edits that couldn’t sync' });
    await offer
      .getByText('Couldn’t sync: no access to “Groceries”. Your edit of “Buy oat milk” is kept on this device.')
      .waitFor({ timeout: 30_000 });
    await member.page.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();
    // the list's tombstone may arrive before its tasks' (two replications): until then they show in the Inbox ([CL2])
    await member.app.row('Buy rye bread').waitFor({ state: 'detached', timeout: 30_000 });
    await member.app.row('Buy bread').waitFor({ state: 'detached', timeout: 30_000 });
    await member.device.screenshot('sc5-no-access');

    await offer.getByRole('button', { name: 'Copy to my Inbox' }).click();
    await offer.waitFor({ state: 'detached', timeout: 15_000 });
    await member.app.row('Buy oat milk').waitFor();
    await member.app.waitForPending(0, 30_000);
    await poll(member.app.titles, (titles) => titles.join() === 'Buy oat milk', { what: 'the copy alone in the member’s Inbox' });
    const copied = await poll(
      () => member.rest.tasks(),
      (tasks) => tasks.some((task) => task.title === 'Buy oat milk'),
      { what: 'the copy in the member’s account', timeoutMs: 15_000 },
    );
    expect(copied.map(({ listId, title }) => ({ listId, title }))).toEqual([{ listId: 'inbox', title: 'Buy oat milk' }]);
    expect(copied[0]!.id).not.toBe(milk.id);
    // the owner's list never saw the member's late edit
    const ownerTasks: Task[] = await owner.rest.tasks();
    expect(ownerTasks.map((task) => task.title).sort()).toEqual(['Buy milk', 'Buy rye bread']);
    await member.page.reload();
    await member.app.row('Buy oat milk').waitFor();
    expect(await member.page.getByRole('region', { name: 'Edits that couldn’t sync' }).count()).toBe(0);
  });

  it('[SC4] [SC3] a viewer’s device offers no checkbox, delete, quick-add, reordering or saving in a list they view, also offline after a reload', async () => {
    const url = suite.server.url;
    const owner = await registerUser(url);
    const ownerRest = restClient(url, owner);
    const list = await ownerRest.createList({ name: 'Recipes', colour: 'orange' });
    await ownerRest.createTask({ title: 'Bake bread', listId: list.id });
    const viewer = await suite.signedIn('viewer', { allowed: OFFLINE_NOISE });
    await shareOverRest(url, owner, list.id, viewer.user, 'viewer');

    await viewer.app.openList(url, list.id, 'Recipes');
    const hint = viewer.page.getByText('You can view this list’s tasks but not change them.');
    const checkReadOnly = async () => {
      await hint.waitFor({ timeout: 30_000 });
      const row = viewer.page.locator('li.task').filter({ hasText: 'Bake bread' });
      await row.waitFor({ timeout: 30_000 });
      expect(await row.getByRole('checkbox').count()).toBe(0);
      expect(await row.getByRole('button', { name: /Delete/ }).count()).toBe(0);
      expect(await row.getByRole('button', { name: /Move/ }).count()).toBe(0);
      expect(await viewer.page.getByLabel('New task').count()).toBe(0);
      await row.getByRole('button', { name: 'Open “Bake bread”' }).click();
      const dialog = viewer.page.getByRole('dialog', { name: 'Task' });
      await expect(dialog.getByLabel('Title').isDisabled()).resolves.toBe(true);
      await expect(dialog.getByLabel('Status').isDisabled()).resolves.toBe(true);
      expect(await dialog.getByRole('button', { name: /Save|Delete/ }).count()).toBe(0);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });
    };
    await checkReadOnly();
    await viewer.device.screenshot('sc4-viewer');

    // [SC3] the roles are kept on the device: offline, after a reload, the list is still read-only
    await viewer.app.waitForServiceWorkerControl();
    await viewer.device.context.setOffline(true);
    await viewer.page.reload();
    await checkReadOnly();
    await viewer.device.context.setOffline(false);
  });
});
