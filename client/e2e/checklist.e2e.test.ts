import type { Page } from 'playwright-core';
import { visibleItems } from '@tasklane/shared/domain/checklist';
import { appSuite } from './support/app-suite';
import { OFFLINE_NOISE, poll } from './support/browser';
import { serverTasksOf } from './support/server-api';

jest.setTimeout(180_000);

/** Opens the editor of `title`, runs `edit` on its dialog, and closes it (the checklist is written item by item). */
async function inEditor(page: Page, title: string, edit: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByRole('button', { name: `Edit “${title}”`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit task' });
  await edit(dialog);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
}

async function addItem(dialog: ReturnType<Page['getByRole']>, text: string) {
  await dialog.getByLabel('New checklist item').fill(text);
  await dialog.getByLabel('New checklist item').press('Enter');
  await dialog.getByRole('textbox', { name: `Rename “${text}”` }).waitFor();
}

/** The items as the editor lists them: `[x] text` in their order. */
async function itemsShown(page: Page, title: string): Promise<string[]> {
  const shown: string[] = [];
  await inEditor(page, title, async (dialog) => {
    const items = dialog.getByRole('list', { name: 'Checklist items' }).getByRole('listitem');
    for (const item of await items.all()) {
      const done = await item.getByRole('checkbox').isChecked();
      shown.push(`[${done ? 'x' : ' '}] ${await item.getByRole('textbox').inputValue()}`);
    }
  });
  return shown;
}

describe('e2e: checklists', () => {
  const suite = appSuite();

  it('[ED6] edits of different checklist items on two offline devices both survive', async () => {
    const { device: laptop, app: onLaptop, user } = await suite.signedIn('ed-list-laptop', { allowed: OFFLINE_NOISE });
    const { device: phone, app: onPhone } = await suite.signedIn('ed-list-phone', { allowed: OFFLINE_NOISE, user });

    await onLaptop.add('Pack');
    await inEditor(laptop.page, 'Pack', async (dialog) => {
      for (const text of ['Passport', 'Charger', 'Tickets']) await addItem(dialog, text);
      await dialog.getByRole('heading', { name: 'Checklist 0/3' }).waitFor();
    });
    await poll(
      () => onLaptop.row('Pack').getByTestId('checklist-progress').innerText(),
      (text) => text.includes('0/3'),
      {
        what: 'the progress on the row',
      },
    );
    await onLaptop.waitForPending(0);
    await poll(
      () =>
        onPhone
          .row('Pack')
          .getByTestId('checklist-progress')
          .innerText()
          .catch(() => ''),
      (text) => text.includes('0/3'),
      {
        what: 'the checklist on the phone',
      },
    );
    await onPhone.waitForPending(0);

    await laptop.context.setOffline(true);
    await phone.context.setOffline(true);
    await poll(onLaptop.connection, (state) => state === 'offline', { what: 'laptop offline' });
    await poll(onPhone.connection, (state) => state === 'offline', { what: 'phone offline' });

    // laptop: tick one item, rename another
    await inEditor(laptop.page, 'Pack', async (dialog) => {
      await dialog.getByRole('checkbox', { name: 'Done: Passport' }).check();
      const charger = dialog.getByRole('textbox', { name: 'Rename “Charger”' });
      await charger.fill('Phone charger');
      await charger.press('Enter');
      await dialog.getByRole('textbox', { name: 'Rename “Phone charger”' }).waitFor();
    });
    // phone: tick a third item, add a fourth, and move it to the top
    await inEditor(phone.page, 'Pack', async (dialog) => {
      await dialog.getByRole('checkbox', { name: 'Done: Tickets' }).check();
      await addItem(dialog, 'Adapter');
      await dialog.getByRole('button', { name: 'Move “Adapter” up' }).click();
      await poll(
        () => dialog.getByRole('list', { name: 'Checklist items' }).getByRole('textbox').nth(2).inputValue(),
        (text) => text === 'Adapter',
        { what: 'Adapter moved up' },
      );
    });
    expect(await itemsShown(laptop.page, 'Pack')).toEqual(['[x] Passport', '[ ] Phone charger', '[ ] Tickets']);
    expect(await itemsShown(phone.page, 'Pack')).toEqual(['[ ] Passport', '[ ] Charger', '[ ] Adapter', '[x] Tickets']);
    await onLaptop.waitForPending(1);
    await onPhone.waitForPending(1);

    await laptop.context.setOffline(false);
    await onLaptop.waitForPending(0, 30_000);
    await phone.context.setOffline(false);
    await onPhone.waitForPending(0, 30_000);

    const merged = ['[x] Passport', '[ ] Phone charger', '[ ] Adapter', '[x] Tickets'];
    for (const [app, page] of [
      [onLaptop, laptop.page],
      [onPhone, phone.page],
    ] as const) {
      await poll(
        () => app.row('Pack').getByTestId('checklist-progress').innerText(),
        (text) => text.includes('2/4'),
        {
          what: 'the merged progress',
        },
      );
      expect(await itemsShown(page, 'Pack')).toEqual(merged);
    }
    const [onServer] = await serverTasksOf(suite.server.url, user.email, user.password);
    expect(visibleItems(onServer!.checklist).map((item) => `[${item.done ? 'x' : ' '}] ${item.text}`)).toEqual(merged);
    await laptop.screenshot('ed-checklist-laptop');
    await phone.screenshot('ed-checklist-phone');
  });
});
