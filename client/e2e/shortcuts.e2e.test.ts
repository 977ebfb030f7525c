import { appSuite, DESKTOP } from './support/app-suite';

jest.setTimeout(120_000);

describe('e2e: keyboard shortcuts', () => {
  const suite = appSuite();

  it('[NV6] n focuses the new-task field, / the search, ? lists the shortcuts; never while typing or with Ctrl, Alt or Meta', async () => {
    const { device, page, app } = await suite.signedIn('nv-keys', { viewport: DESKTOP });
    await app.add('First task');
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
    const blur = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    await blur();
    await page.keyboard.press('n');
    expect(await focusedId()).toBe('quick-add');
    // typing there is text, not a shortcut
    await page.keyboard.type('n/?');
    expect(await page.getByLabel('New task').inputValue()).toBe('n/?');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await focusedId()).toBe('quick-add');
    await page.getByLabel('New task').fill('');

    await blur();
    await page.keyboard.press('/');
    expect(await focusedId()).toBe('search');
    expect(await page.getByLabel('Search tasks').inputValue()).toBe(''); // the slash was not typed
    await page.keyboard.type('n');
    expect(await focusedId()).toBe('search');
    await page.getByLabel('Search tasks').fill('');

    // nor in anything contenteditable (the app has none yet; a page may)
    await page.evaluate(() => {
      const editable = document.createElement('div');
      editable.id = 'editable-probe';
      editable.contentEditable = 'true';
      editable.textContent = 'x';
      document.querySelector('main')!.append(editable);
      editable.focus();
    });
    await page.keyboard.press('n');
    expect(await focusedId()).toBe('editable-probe');
    await page.evaluate(() => document.getElementById('editable-probe')?.remove());

    // with a modifier, the key is the browser's or the system's
    await blur();
    for (const chord of ['Alt+n', 'Control+/', 'Meta+n']) await page.keyboard.press(chord);
    expect(await focusedId()).toBe('');

    await page.keyboard.press('Shift+?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.getByRole('row').allInnerTexts()).toEqual(['Key\tDoes', 'n\tNew task', '/\tSearch tasks', '?\tShow these shortcuts']);
    // while the dialog is open, the keys are its own
    await page.keyboard.press('n');
    expect(await help.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
    await device.screenshot('nv-shortcuts');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    // and the button that shows them on a wide screen
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await help.getByRole('button', { name: 'Close' }).click();
    await help.waitFor({ state: 'detached' });
  });
});
