import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { CHROMIUM_LAUNCH_OPTIONS } from '@tasklane/testkit/chromium';
import { startServerProcess } from '@tasklane/testkit/server-process';

/**
 * Captures the manifest's screenshots (docs/client.md [PH7]) from the real app: the built server serving the built
 * client, an account with a few tasks, Chromium at a phone's and a desktop's size. The PNGs are committed in
 * client/assets/screenshots; the client build reads their sizes into the manifest. Run it after a UI change:
 *   npm run build -w @tasklane/client && npm run build -w @tasklane/sync-server && npm run screenshots -w @tasklane/client
 */
const CLIENT_DIR = path.resolve(__dirname, '../../..');
const OUT_DIR = path.join(CLIENT_DIR, 'assets/screenshots');

const SHOTS = [
  { name: 'narrow', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true },
  { name: 'wide', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false },
] as const;

function inDays(days: number): string {
  const date = new Date();
  date.setUTCHours(12, 0, 0, 0);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString();
}

// Oldest first: the list shows the newest on top.
const TASKS = [
  { title: 'Renew passport', priority: 'high', dueAt: inDays(12), tags: ['admin'] },
  { title: 'Call the plumber about the kitchen tap', status: 'done' },
  { title: 'Plan the team offsite', status: 'in_progress', tags: ['work'] },
  { title: 'Send the quarterly report', priority: 'high', dueAt: inDays(1), tags: ['work'] },
  { title: 'Book flights for the summer', dueAt: inDays(5), tags: ['travel'] },
  { title: 'Water the plants', priority: 'low' },
  { title: 'Buy oat milk, eggs and basil', tags: ['groceries'] },
];

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(CLIENT_DIR, 'dist/index.html'))) throw new Error('client/dist is missing: build the client first');
  // bundled, testkit cannot find the server from its own folder
  process.env.TASKLANE_SERVER_BUNDLE ??= path.resolve(CLIENT_DIR, '../sync-server/dist/main.js');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tasklane-screenshots-'));
  const server = await startServerProcess({ DATA_DIR: dataDir });
  try {
    const user = await registerUser(server.url, 'sam@example.com', 'correct horse battery');
    for (const task of TASKS) {
      const created = await api(server.url, 'POST', '/api/tasks', { token: user.accessToken, body: task });
      if (created.status !== 201) throw new Error(`seeding failed: ${created.status} ${JSON.stringify(created.body)}`);
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
        await page
          .locator('ul.tasks > li.task')
          .nth(TASKS.length - 1)
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
