import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_LAUNCH_OPTIONS } from '@tasklane/testkit/chromium';
import { summariseCpuProfile } from '../cpu-profile-summary';
import type { BenchRow } from '../result-table';
import { seedUserWithTasks, type TasklaneCluster } from '../tasklane-driver';

const SEED_BATCH = 500;
/** Generous: 100,000 tasks took minutes before issue 12. */
const WAIT_MS = 300_000;

/** The targets for a new device (issue 12); there is no peer in a browser. */
const TARGET = { firstRowsMs: 1000, searchable10kMs: 2000, searchable100kMs: 10_000, longTaskMs: 200 };

export type BrowserSyncOptions = {
  /** Record a CPU profile of the first sync (CDP Profiler) into this directory. Slows the run: not for the table. */
  profileDir?: string;
  /** Serve the page's scripts from this build instead of the server's client/dist (e.g. an unminified build for profiling). */
  scriptsDir?: string;
};

type LongTask = { start: number; duration: number };
type Marks = { longTasks: LongTask[]; firstRow: number | null; shown: Record<string, number> };
type Phase = { firstRowsMs: number; allShownMs: number; longest: LongTask | null; longTasksOver50: number; blockedMs: number };

/**
 * Installed before the app's scripts: every main-thread task over 50 ms (Long Tasks API), and, checked
 * once per animation frame (so a blocked main thread delays it as it delays the user), when the first
 * task row appeared and when the list's live "N tasks shown" count changed.
 */
function recordMarks() {
  const marks: Marks = { longTasks: [], firstRow: null, shown: {} };
  (window as unknown as { __benchMarks: Marks }).__benchMarks = marks;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) marks.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  const frame = () => {
    const now = performance.now();
    if (marks.firstRow === null && document.querySelector('ul.tasks > li.task')) marks.firstRow = now;
    // The task list's count ("N tasks shown"); the navigation has a live region of its own.
    const shown = [...document.querySelectorAll('p.visually-hidden[role=status]')]
      .map((element) => element.textContent ?? '')
      .find((text) => text.endsWith(' shown'));
    if (shown && !(shown in marks.shown)) marks.shown[shown] = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

const pageNow = (page: Page) => page.evaluate(() => performance.now());

/** Waits until the first row appeared and the list counted `allText`, then returns the page's marks. */
async function marksWhenShown(page: Page, allText: string): Promise<Marks> {
  await page.waitForFunction(
    (text) => {
      const marks = (window as unknown as { __benchMarks?: Marks }).__benchMarks;
      return marks !== undefined && marks.firstRow !== null && text in marks.shown;
    },
    allText,
    { polling: 100, timeout: WAIT_MS },
  );
  return page.evaluate(() => (window as unknown as { __benchMarks: Marks }).__benchMarks);
}

async function phase(page: Page, startedAt: number, count: number): Promise<Phase> {
  const allText = `${count} tasks shown`;
  const marks = await marksWhenShown(page, allText);
  const allShown = marks.shown[allText]!;
  const longTasks = marks.longTasks.filter((task) => task.start + task.duration >= startedAt && task.start <= allShown);
  const longest = longTasks.reduce<LongTask | null>((max, task) => (!max || task.duration > max.duration ? task : max), null);
  return {
    firstRowsMs: marks.firstRow! - startedAt,
    allShownMs: allShown - startedAt,
    longest,
    longTasksOver50: longTasks.length,
    blockedMs: longTasks.reduce((sum, task) => sum + task.duration, 0),
  };
}

/**
 * Serves the page's scripts from another build of the same sources in `dir` (e.g. unminified, for a readable
 * profile), matched by chunk name. The document itself still comes from the server: a document fulfilled by the
 * test loses its local address space, and Chromium then blocks its socket to 127.0.0.1.
 */
async function scriptsFrom(context: BrowserContext, dir: string) {
  const files = fs.readdirSync(path.join(dir, 'assets')).filter((file) => file.endsWith('.js'));
  await context.route(/\/assets\/[^/]+\.js$/, async (route) => {
    const chunk = path.basename(new URL(route.request().url()).pathname).split('.')[0];
    const file = files.find((name) => name.split('.')[0] === chunk);
    return file ? route.fulfill({ path: path.join(dir, 'assets', file), contentType: 'text/javascript' }) : route.continue();
  });
}

/** CDP `Profiler` at 0.5 ms sampling (the CDP session stays attached until `saveProfile`). */
async function startProfiler(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return cdp;
}

async function saveProfile(cdp: CDPSession, dir: string, name: string): Promise<void> {
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replaceAll(':', '-')}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  process.stderr.write(`CPU profile (${name}): ${file}\n${summariseCpuProfile(profile)}\n`);
}

async function firstSync(page: Page, url: string, user: { email: string; password: string }, count: number, options: BrowserSyncOptions) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Sign in' }).click(); // switch to the sign-in form
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  const cdp = options.profileDir ? await startProfiler(page) : null;
  const startedAt = await pageNow(page);
  const frames: string[] = [];
  if (cdp) {
    // Socket frames (Node clock), to tell time spent waiting for the server from time spent in the page.
    const clock = performance.now();
    const note = (direction: string, payload: string | Buffer) => {
      const text = payload.toString();
      if (text.length > 12) frames.push(`${(performance.now() - clock).toFixed(0)} ms ${direction} ${text.length} B ${text.slice(0, 40)}`);
    };
    page.on('websocket', (socket) => {
      socket.on('framesent', (frame) => note('→', frame.payload));
      socket.on('framereceived', (frame) => note('←', frame.payload));
    });
  }
  await page.getByRole('button', { name: 'Sign in' }).click();
  const cold = await phase(page, startedAt, count);
  const search = `seed ${count - 1}`;
  const typedAt = await pageNow(page);
  await page.getByLabel('Search tasks').fill(search);
  const found = await page.waitForFunction(
    (title) =>
      [...document.querySelectorAll('ul.tasks .task-title')].some((element) => element.textContent === title) ? performance.now() : false,
    search,
    { polling: 'raf', timeout: WAIT_MS },
  );
  const foundAt = (await found.jsonValue()) as number;
  if (cdp) {
    await saveProfile(cdp, options.profileDir!, `browser-first-sync-${count}`);
    process.stderr.write(`socket frames:\n${frames.join('\n')}\n`);
  }
  await page.getByLabel('Search tasks').fill('');
  return { cold, searchMs: foundAt - typedAt, searchableMs: cold.allShownMs + (foundAt - typedAt) };
}

const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
const longestOf = (p: Phase) => (p.longest ? ms(p.longest.duration) : 'none > 50 ms');

/**
 * Scenario 6: a new device in real Chromium (the production PWA, its database in IndexedDB) signs in to an
 * account that already holds `count` tasks; then a reload (warm start from IndexedDB).
 */
export async function browserFirstSync(
  tasklane: TasklaneCluster,
  clientDist: string,
  count: number,
  options: BrowserSyncOptions = {},
): Promise<BenchRow[]> {
  if (!fs.existsSync(path.join(clientDist, 'index.html'))) throw new Error('client/dist is missing: npm run build first');
  const url = tasklane.instances[0]!.url;
  const user = await seedUserWithTasks(url, count, SEED_BATCH);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tasklane-bench-browser-'));
  const context = await chromium.launchPersistentContext(profile, CHROMIUM_LAUNCH_OPTIONS);
  try {
    if (options.scriptsDir) await scriptsFrom(context, options.scriptsDir);
    await context.addInitScript(recordMarks);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => process.stderr.write(`browser page error: ${error.message}\n`));
    page.on('console', (message) => message.type() === 'error' && process.stderr.write(`browser console error: ${message.text()}\n`));
    const first = await firstSync(page, url, user, count, options);
    const reloadStartedAt = 0; // a reload starts a new page clock
    const reloadCdp = options.profileDir ? await startProfiler(page) : null;
    await page.reload();
    const warm = await phase(page, reloadStartedAt, count);
    if (reloadCdp) await saveProfile(reloadCdp, options.profileDir!, `browser-reload-${count}`);
    const n = count.toLocaleString('en-US');
    const searchTarget = count >= 100_000 ? TARGET.searchable100kMs : TARGET.searchable10kMs;
    const met = (value: number, target: number) => (value <= target ? 'met' : 'NOT met');
    return [
      {
        scenario: `browser first sync of ${n} tasks: first rows`,
        tasklane: ms(first.cold.firstRowsMs),
        peer: `target ≤ ${ms(TARGET.firstRowsMs)}`,
        ratio: null,
        detail: `${met(first.cold.firstRowsMs, TARGET.firstRowsMs)}; from the Sign in click, Chromium, production PWA, IndexedDB`,
      },
      {
        scenario: `browser first sync of ${n} tasks: all stored and searchable`,
        tasklane: ms(first.searchableMs),
        peer: `target ≤ ${ms(searchTarget)}`,
        ratio: null,
        detail: `${met(first.searchableMs, searchTarget)}; list shows all ${n} after ${ms(first.cold.allShownMs)}, then search for the last one ${ms(first.searchMs)}`,
      },
      {
        scenario: `browser first sync of ${n} tasks: longest main-thread task`,
        tasklane: longestOf(first.cold),
        peer: `target ≤ ${ms(TARGET.longTaskMs)}`,
        ratio: null,
        detail: `${met(first.cold.longest?.duration ?? 0, TARGET.longTaskMs)}; ${first.cold.longTasksOver50} long tasks (> 50 ms), ${ms(first.cold.blockedMs)} blocked in all (Long Tasks API)`,
      },
      {
        scenario: `browser reload with ${n} tasks stored: first rows`,
        tasklane: ms(warm.firstRowsMs),
        peer: `target ≤ ${ms(TARGET.firstRowsMs)}`,
        ratio: null,
        detail: `${met(warm.firstRowsMs, TARGET.firstRowsMs)}; from navigation start; all ${n} listed after ${ms(warm.allShownMs)}, longest task ${longestOf(warm)}`,
      },
    ];
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
