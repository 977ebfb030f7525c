import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { CHROMIUM_LAUNCH_OPTIONS } from '@tasklane/testkit/chromium';

export const CLIENT_DIST = path.resolve(__dirname, '../../dist');
export const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts');

/**
 * Console errors that are expected and harmless, each with its reason. Anything
 * else logged as an error — or any uncaught page error — fails the test.
 */
export type AllowedError = { pattern: RegExp; reason: string };

export const OFFLINE_NOISE: AllowedError[] = [
  { pattern: /net::ERR_INTERNET_DISCONNECTED/, reason: 'the test cut the network on purpose; Chromium logs each refused request' },
  {
    pattern: /WebSocket connection to .* failed/,
    reason: 'socket.io retries the sync socket while offline; Chromium logs each failed attempt',
  },
];

export type Device = {
  context: BrowserContext;
  page: Page;
  errors: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
};

/**
 * A persistent Chromium profile (an incognito context would report the
 * installability error `in-incognito`), launched as testkit/src/chromium.ts says.
 */
export async function openDevice(
  name: string,
  allowed: AllowedError[] = [],
  options: { userAgent?: string; viewport?: { width: number; height: number }; hasTouch?: boolean } = {},
): Promise<Device> {
  if (!fs.existsSync(path.join(CLIENT_DIST, 'index.html'))) {
    throw new Error('client/dist is missing: run `npm run build` before the e2e tests (npm test does)');
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `tasklane-e2e-${name}-`));
  const context = await chromium.launchPersistentContext(profile, {
    ...CHROMIUM_LAUNCH_OPTIONS,
    viewport: options.viewport ?? { width: 420, height: 860 },
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...(options.hasTouch ? { hasTouch: true } : {}),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const watch = (target: Page) => {
    target.on('console', (message: ConsoleMessage) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (!allowed.some((entry) => entry.pattern.test(text))) errors.push(`[${name}] console error: ${text}`);
    });
    target.on('pageerror', (error) => errors.push(`[${name}] page error: ${error.message}`));
  };
  watch(page);
  context.on('page', watch);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  let closed = false;
  return {
    context,
    page,
    errors,
    async screenshot(shot) {
      await page.screenshot({ path: path.join(ARTIFACTS, `${shot}.png`), fullPage: true });
    },
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function poll<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  options: { timeoutMs?: number; what: string },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
