import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_LAUNCH_OPTIONS } from '@tasklane/testkit/chromium';
import type { BenchRow } from '../result-table';
import type { TasklaneCluster } from '../tasklane-driver';

type Load = { ms: number; jsBytesOverNetwork: number; jsBytesDecoded: number };

/** JavaScript that came over the network for this document (service-worker hits have transferSize 0). */
function javascriptBytes(page: Page): Promise<{ network: number; decoded: number }> {
  return page.evaluate(() => {
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const scripts = entries.filter((entry) => entry.name.endsWith('.js'));
    return {
      network: scripts.reduce((sum, entry) => sum + entry.transferSize, 0),
      decoded: scripts.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
    };
  });
}

async function timedLoad(page: Page, load: () => Promise<unknown>, ready: () => Promise<unknown>): Promise<Load> {
  const started = performance.now();
  await load();
  await ready();
  const ms = performance.now() - started;
  const bytes = await javascriptBytes(page);
  return { ms, jsBytesOverNetwork: bytes.network, jsBytesDecoded: bytes.decoded };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Scenario 5: cold load and repeat (service worker) load of the PWA in Chromium. */
export async function pwaLoad(tasklane: TasklaneCluster, clientDist: string): Promise<BenchRow[]> {
  if (!fs.existsSync(path.join(clientDist, 'index.html'))) throw new Error('client/dist is missing: npm run build first');
  const url = tasklane.instances[0]!.url;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tasklane-bench-pwa-'));
  const context = await chromium.launchPersistentContext(profile, CHROMIUM_LAUNCH_OPTIONS);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const signInScreen = () => page.getByLabel('Email').waitFor();
    const cold = await timedLoad(page, () => page.goto(url), signInScreen);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page
      .waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 })
      .catch(() => page.reload());
    await page.getByLabel('Email').fill(`bench-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('benchmark password');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByTestId('pending-count').waitFor();
    const appReady = () => page.getByTestId('pending-count').waitFor();
    const repeat = await timedLoad(page, () => page.reload(), appReady);
    return [
      {
        scenario: 'PWA cold load (sign-in screen)',
        tasklane: `${cold.ms.toFixed(0)} ms, ${kb(cold.jsBytesOverNetwork)} JS transferred`,
        peer: 'n/a',
        ratio: null,
        detail: `${kb(cold.jsBytesDecoded)} JS decoded; fresh Chromium profile, loopback`,
      },
      {
        scenario: 'PWA repeat load (signed in, service worker)',
        tasklane: `${repeat.ms.toFixed(0)} ms, ${kb(repeat.jsBytesOverNetwork)} JS transferred`,
        peer: 'n/a',
        ratio: null,
        detail: `${kb(repeat.jsBytesDecoded)} JS decoded, including the lazy RxDB chunk`,
      },
    ];
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
