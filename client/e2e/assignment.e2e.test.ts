import type { InvitationView } from '@tasklane/shared/domain/sharing-schema';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { appSuite, DESKTOP } from './support/app-suite';
import { axeViolations } from './support/axe';
import { OFFLINE_NOISE, poll } from './support/browser';
import { restClient } from './support/rest-client';

jest.setTimeout(120_000);

/** The suite's server sends no mail, so an invitation is accepted without a confirmed address ([SH3]). */
async function shareAsEditor(baseUrl: string, owner: RegisteredUser, listId: string, member: RegisteredUser) {
  const invited = await api(baseUrl, 'POST', `/api/lists/${listId}/invitations`, {
    token: owner.accessToken,
    body: { email: member.email, role: 'editor' },
  });
  expect(invited.status).toBe(201);
  const accepted = await api(baseUrl, 'POST', `/api/invitations/${(invited.body as InvitationView).id}/accept`, {
    token: member.accessToken,
  });
  expect(accepted.status).toBe(200);
}

describe('e2e: assignment in the app', () => {
  const suite = appSuite();

  it('[SC7] the owner assigns a task of a shared list to its editor, whose device shows it live in “Assigned to me”; completed offline there, it is done on the owner’s device', async () => {
    const url = suite.server.url;
    const ownerUser = await registerUser(url);
    const memberUser = await registerUser(url);
    const list = await restClient(url, ownerUser).createList({ name: 'Chores', colour: 'green' });
    const bins = await restClient(url, ownerUser).createTask({ title: 'Take out bins', listId: list.id });
    await shareAsEditor(url, ownerUser, list.id, memberUser);
    const owner = await suite.signedIn('owner', { viewport: DESKTOP, user: ownerUser });
    const member = await suite.signedIn('member', { viewport: DESKTOP, user: memberUser, allowed: OFFLINE_NOISE });
    const memberName = memberUser.email.split('@')[0]!;

    // the member waits on "Assigned to me", empty (the entry shows for a user who shares lists)
    const memberNav = member.page.getByRole('navigation', { name: 'Lists' });
    await memberNav.getByRole('link', { name: /^Assigned to me 0 open$/ }).click({ timeout: 30_000 });
    await member.page.getByRole('heading', { name: 'Assigned to me', level: 2 }).waitFor();
    await member.page.getByText('No open task is assigned to you.').waitFor({ timeout: 30_000 });

    // the owner assigns it in the editor: nobody, the owner (me) and the editor are offered
    await owner.app.openList(url, list.id, 'Chores');
    await owner.page.getByRole('button', { name: 'Edit “Take out bins”', exact: true }).click();
    const editor = owner.page.getByRole('dialog', { name: 'Edit task' });
    const assignee = editor.getByLabel('Assigned to');
    await poll(
      () => assignee.locator('option').allInnerTexts(),
      (options) => options.join('|') === `Nobody|${ownerUser.email} (me)|${memberUser.email}`,
      { what: 'the list’s people offered', timeoutMs: 15_000 },
    );
    expect(await axeViolations(owner.page, 'editor with “Assigned to”')).toEqual([]);
    await assignee.selectOption({ label: memberUser.email });
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached' });
    await owner.app.row('Take out bins').getByTestId('assignee').waitFor();
    expect(await owner.app.row('Take out bins').getByTestId('assignee').textContent()).toBe(`Assigned to ${memberName}`);

    // live on the member's device, with the count, the row saying "me"
    await member.app.row('Take out bins').waitFor({ timeout: 15_000 });
    await memberNav.getByRole('link', { name: /^Assigned to me 1 open$/ }).waitFor();
    expect(await member.app.row('Take out bins').getByTestId('assignee').textContent()).toBe('Assigned to me');
    expect(await member.page.getByLabel('New task').count()).toBe(0);
    expect(await axeViolations(member.page, 'Assigned to me')).toEqual([]);
    await member.device.screenshot('sc7-assigned-to-me');

    // offline, the member completes it: it leaves the view at once and waits to sync
    await member.device.context.setOffline(true);
    await poll(member.app.connection, (state) => state === 'offline', { what: 'the member offline' });
    await member.app.toggle('Take out bins');
    await member.app.row('Take out bins').waitFor({ state: 'detached' });
    await memberNav.getByRole('link', { name: /^Assigned to me 0 open$/ }).waitFor();
    await member.app.waitForPending(1);

    // back online it syncs; the owner's device shows it done, still assigned
    await member.device.context.setOffline(false);
    await member.app.waitForPending(0, 30_000);
    await poll(
      () => owner.app.row('Take out bins').getByRole('checkbox').isChecked(),
      (checked) => checked,
      { what: 'the task done on the owner’s device', timeoutMs: 15_000 },
    );
    const onServer = (await restClient(url, ownerUser).tasks()).find((task) => task.id === bins.id);
    expect(onServer).toMatchObject({ status: 'done', assignee: memberUser.id });
  });

  it('[SC7] an assignment made offline to someone who left meanwhile is refused: the row and the panel say so, and it syncs unassigned', async () => {
    const url = suite.server.url;
    const ownerUser = await registerUser(url);
    const memberUser = await registerUser(url);
    const ownerRest = restClient(url, ownerUser);
    const list = await ownerRest.createList({ name: 'Errands', colour: 'blue' });
    const post = await ownerRest.createTask({ title: 'Post the parcel', listId: list.id });
    await shareAsEditor(url, ownerUser, list.id, memberUser);
    const owner = await suite.signedIn('owner', { viewport: DESKTOP, user: ownerUser, allowed: OFFLINE_NOISE });
    await owner.app.openList(url, list.id, 'Errands');

    // offline, the owner renames the task and assigns it to the editor, who leaves the list meanwhile
    await owner.device.context.setOffline(true);
    await poll(owner.app.connection, (state) => state === 'offline', { what: 'the owner offline' });
    await owner.page.getByRole('button', { name: 'Edit “Post the parcel”', exact: true }).click();
    const editor = owner.page.getByRole('dialog', { name: 'Edit task' });
    await editor.getByLabel('Title').fill('Post the parcel today');
    await editor.getByLabel('Assigned to').selectOption({ label: memberUser.email });
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached' });
    const left = await api(url, 'DELETE', `/api/lists/${list.id}/members/${memberUser.id}`, { token: memberUser.accessToken });
    expect(left.status).toBeLessThan(300);

    // back online the row is refused ([AS3]): said on the row and offered in the panel; the server has neither change
    await owner.device.context.setOffline(false);
    const row = owner.page.locator('ul.tasks > li.task').filter({ hasText: 'Post the parcel today' });
    await row
      .getByTestId('sync-problem')
      .getByText(/can’t be assigned in “Errands”/)
      .waitFor({ timeout: 30_000 });
    const offer = owner.page.getByRole('region', { name: 'Edits that couldn’t sync' });
    await offer.getByText(/can’t be assigned in “Errands”\. Your edit of “Post the parcel today” is kept on this device\./).waitFor();
    expect(await axeViolations(owner.page, 'a refused assignee')).toEqual([]);
    await owner.device.screenshot('sc7-refused-assignee');
    expect((await ownerRest.tasks()).find((task) => task.id === post.id)).toMatchObject({ title: 'Post the parcel', assignee: null });

    await offer.getByRole('button', { name: 'Sync it unassigned' }).click();
    await offer.waitFor({ state: 'detached', timeout: 15_000 });
    await owner.app.waitForPending(0, 30_000);
    await poll(
      async () => (await ownerRest.tasks()).find((task) => task.id === post.id),
      (task) => task?.title === 'Post the parcel today',
      { what: 'the edit on the server, unassigned', timeoutMs: 15_000 },
    );
    expect((await ownerRest.tasks()).find((task) => task.id === post.id)?.assignee).toBeNull();
    expect(await row.getByTestId('assignee').count()).toBe(0);
  });
});
