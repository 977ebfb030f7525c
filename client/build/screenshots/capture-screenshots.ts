import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { CHROMIUM_LAUNCH_OPTIONS } from '@tasklane/testkit/chromium';
import { addDays, epochDayOfDate } from '@tasklane/shared/domain/calendar-date';
import { localDateOf } from '@tasklane/shared/domain/due';
import { INBOX_LIST_ID } from '@tasklane/shared/domain/task-list';
import { instantOfLocal } from '@tasklane/shared/domain/zoned-time';
import { startServerProcess } from '@tasklane/testkit/server-process';

/**
 * Captures the manifest's screenshots (docs/client.md [PH7]) from the real app: the built server serving the built
 * client, an account with a few lists and tasks (dues, tags), Chromium at a phone's and a desktop's size. The PNGs are committed in
 * client/assets/screenshots; the client build reads their sizes into the manifest. Run it after a UI change:
 *   npm run build -w @tasklane/client && npm run build -w @tasklane/sync-server && npm run screenshots -w @tasklane/client
 */
const CLIENT_DIR = path.resolve(__dirname, '../../..');
const OUT_DIR = path.join(CLIENT_DIR, 'assets/screenshots');

/** Both shots in one zone, so "today" of the seeded dues is the browser's today. */
const ZONE = 'Europe/London';

/**
 * What each shot shows: the phone the Today view (overdue and due-today tasks from several lists); the desktop a list
 * ("Groceries"), with the sidebar of the Inbox, Today, Upcoming and the lists. `rows` is how many rows the view shows.
 */
const SHOTS = [
  { name: 'narrow', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, view: 'today', heading: 'Today', rows: 5 },
  {
    name: 'wide',
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    isMobile: false,
    view: 'Groceries',
    heading: 'Groceries',
    rows: 6,
  },
] as const;

const LISTS = [
  { name: 'Groceries', colour: 'green' },
  { name: 'Work', colour: 'blue' },
  { name: 'Home', colour: 'orange' },
] as const;

type ListName = (typeof LISTS)[number]['name'] | 'Inbox';
type Seed = { title: string; list: ListName; dueInDays?: number; dueAt?: string; tags?: string[]; priority?: string; status?: string };

// Oldest first: a list shows its never-placed tasks newest first.
const TASKS: Seed[] = [
  { title: 'Renew passport', list: 'Inbox', priority: 'high', dueInDays: 12, tags: ['admin'] },
  { title: 'Book flights for the summer', list: 'Inbox', dueInDays: 5, tags: ['travel'] },
  { title: 'Call the dentist', list: 'Inbox', dueInDays: 1, dueAt: '09:30' },
  { title: 'Pay the electricity bill', list: 'Inbox', dueInDays: 0, tags: ['bills'] },
  { title: 'Review the design doc', list: 'Work', dueInDays: -1, tags: ['work'] },
  { title: 'Send the quarterly report', list: 'Work', priority: 'high', dueInDays: 0, tags: ['work'] },
  { title: 'Plan the team offsite', list: 'Work', status: 'in_progress', dueInDays: 3, tags: ['work'] },
  { title: 'Call the plumber about the kitchen tap', list: 'Home', status: 'done' },
  { title: 'Water the plants', list: 'Home', priority: 'low', dueInDays: 0, tags: ['home'] },
  { title: 'Fix the bike light', list: 'Home', dueInDays: 2 },
  { title: 'Coffee beans', list: 'Groceries', status: 'done' },
  { title: 'Sourdough bread', list: 'Groceries', tags: ['bakery'] },
  { title: 'Basil and tomatoes', list: 'Groceries' },
  { title: 'Eggs', list: 'Groceries' },
  { title: 'Oat milk', list: 'Groceries', priority: 'high', tags: ['weekly'] },
  { title: 'Pick up the weekly shop', list: 'Groceries', dueInDays: 0, tags: ['weekly'] },
];

/** A seed's `due`: a date in ZONE, or that date at a wall-clock time there. */
function dueOf(seed: Seed): Record<string, unknown> | undefined {
  if (seed.dueInDays === undefined) return undefined;
  const date = addDays(localDateOf(Date.now(), ZONE), seed.dueInDays);
  if (!seed.dueAt) return { date };
  const [hours, minutes] = seed.dueAt.split(':').map(Number);
  const at = instantOfLocal({ epochDay: epochDayOfDate(date), msOfDay: (hours! * 60 + minutes!) * 60_000 }, ZONE);
  return { at: new Date(at).toISOString(), timeZone: ZONE };
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(CLIENT_DIR, 'dist/index.html'))) throw new Error('client/dist is missing: build the client first');
  // bundled, testkit cannot find the server from its own folder
  process.env.TASKLANE_SERVER_BUNDLE ??= path.resolve(CLIENT_DIR, '../sync-server/dist/main.js');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tasklane-screenshots-'));
  const server = await startServerProcess({ DATA_DIR: dataDir });
  try {
    const user = await registerUser(server.url, 'sam@example.com', 'correct horse battery');
    const seed = async (route: string, body: Record<string, unknown>) => {
      const created = await api(server.url, 'POST', route, { token: user.accessToken, body });
      if (created.status !== 201) throw new Error(`seeding failed: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body as { id: string };
    };
    const listIds = new Map<ListName, string>([['Inbox', INBOX_LIST_ID]]);
    for (const list of LISTS) listIds.set(list.name, (await seed('/api/lists', list)).id);
    for (const task of TASKS) {
      const { list, dueInDays: _inDays, dueAt: _at, ...fields } = task;
      const due = dueOf(task);
      await seed('/api/tasks', { ...fields, listId: listIds.get(list), ...(due ? { due } : {}) });
    }
    fs.mkdirSync(OUT_DIR, { recursive: true });
    for (const shot of SHOTS) {
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), `tasklane-screenshot-${shot.name}-`));
      const context = await chromium.launchPersistentContext(profile, {
        ...CHROMIUM_LAUNCH_OPTIONS,
        viewport: shot.viewport,
        deviceScaleFactor: shot.deviceScaleFactor,
        isMobile: shot.isMobile,
        hasTouch: shot.isMobile,
        colorScheme: 'light',
        timezoneId: ZONE,
      });
      try {
        // the installed app shows no "Install" button: keep the prompt event from the app
        await context.addInitScript(() =>
          window.addEventListener('beforeinstallprompt', (event) => event.stopImmediatePropagation(), { capture: true }),
        );
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(server.url);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByLabel('Email').fill(user.email);
        await page.getByLabel('Password').fill(user.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByTestId('pending-count').waitFor();
        const route = shot.view === 'today' ? '#/today' : `#/list/${listIds.get(shot.view)!}`;
        // a list's view opens once the list has reached the device (until then the app shows the Inbox)
        for (let tries = 0; ; tries += 1) {
          await page.goto(`${server.url}/${route}`);
          const shown = await page.locator('#view-heading').innerText();
          if (shown.includes(shot.heading)) break;
          if (tries === 50) throw new Error(`the view ${shot.heading} never opened (the page shows ${shown})`);
          await page.waitForTimeout(200);
        }
        await page
          .locator('ul.tasks > li.task')
          .nth(shot.rows - 1)
          .waitFor();
        await page.getByTestId('sync-connection').and(page.locator('[data-state="online"]')).waitFor();
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        const file = path.join(OUT_DIR, `${shot.name}.png`);
        await page.screenshot({ path: file });
        process.stdout.write(`wrote ${path.relative(process.cwd(), file)} (${fs.statSync(file).size} bytes)\n`);
      } finally {
        await context.close();
        fs.rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
