import { randomUUID } from 'node:crypto';
import type { AuthResult } from '@tasklane/shared/domain/auth-responses';
import { INBOX_LIST_ID, type TaskList } from '@tasklane/shared/domain/task-list';
import { api } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { appDriver } from './support/app-driver';
import type { Page } from 'playwright-core';
import { CLIENT_DIST, OFFLINE_NOISE, openDevice, poll, type Device } from './support/browser';
import { serverTasksOf } from './support/server-api';

jest.setTimeout(120_000);

const PHONE = { width: 390, height: 844 };
const PASSWORD = 'correct horse battery';
const UA = {
  iphoneSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  iphoneChrome:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
};

type ImageResource = { src: string; sizes: string; type?: string; form_factor?: string; purpose?: string };
type Manifest = {
  icons: ImageResource[];
  shortcuts: { name: string; url: string; icons: ImageResource[] }[];
  share_target: { action: string; method: string; enctype: string; params: { title: string; text: string; url: string } };
  screenshots: ImageResource[];
};

/** Width and height of a PNG, read from its IHDR chunk. */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

async function fetchPng(url: string): Promise<{ size: string; type: string | null }> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return { size: pngSize(Buffer.from(await response.arrayBuffer())), type: response.headers.get('content-type') };
}

describe('e2e: phones', () => {
  let server: TestServer;
  let manifest: Manifest;
  const devices: Device[] = [];
  const open = async (...args: Parameters<typeof openDevice>) => {
    const device = await openDevice(...args);
    devices.push(device);
    return device;
  };
  const shareUrl = (content: Partial<Record<'title' | 'text' | 'url', string>>) => {
    const { action, params } = manifest.share_target;
    const query = new URLSearchParams();
    for (const key of ['title', 'text', 'url'] as const) if (content[key] !== undefined) query.set(params[key], content[key]);
    return `${server.url}${action}?${query.toString()}`;
  };

  beforeAll(async () => {
    server = await startTestServer({ clientDistDir: CLIENT_DIST });
    manifest = (await (await fetch(`${server.url}/manifest.webmanifest`)).json()) as Manifest;
  });
  afterEach(async () => {
    for (const device of devices.splice(0)) await device.close();
  });
  afterAll(async () => {
    await server.close();
  });

  describe('the first screen on an iPhone', () => {
    // one browser for these read-only checks; the hint's dismissal comes last
    let iphone: Device;
    beforeAll(async () => {
      iphone = await openDevice('ph-iphone', [], { viewport: PHONE, userAgent: UA.iphoneSafari });
      await iphone.page.goto(server.url);
      await iphone.page.getByRole('button', { name: 'Sign up' }).waitFor();
    });
    afterAll(async () => {
      await iphone.close();
    });
    afterEach(() => {
      expect(iphone.errors).toEqual([]);
    });

    it('[PH7] the manifest has a "New task" shortcut, a GET share target and narrow and wide screenshots; every image it names exists at its declared size; Chromium parses it without errors', async () => {
      expect(manifest.shortcuts.map((shortcut) => shortcut.name)).toEqual(['New task']);
      expect(manifest.share_target).toEqual({
        action: '/share-target',
        method: 'GET',
        enctype: 'application/x-www-form-urlencoded',
        params: { title: 'title', text: 'text', url: 'url' },
      });
      expect(manifest.screenshots.map((shot) => shot.form_factor).sort()).toEqual(['narrow', 'wide']);
      const images = [...manifest.icons, ...manifest.shortcuts.flatMap((shortcut) => shortcut.icons), ...manifest.screenshots];
      for (const image of images) {
        const fetched = await fetchPng(`${server.url}${image.src}`);
        expect({ src: image.src, size: fetched.size, type: fetched.type }).toEqual({
          src: image.src,
          size: image.sizes,
          type: 'image/png',
        });
      }
      // a narrow screenshot is portrait, a wide one landscape, within the ratio browsers accept (at most 2.3:1)
      for (const shot of manifest.screenshots) {
        const [width = 0, height = 0] = shot.sizes.split('x').map(Number);
        expect(shot.form_factor === 'narrow' ? height > width : width > height).toBe(true);
        expect(Math.max(width, height) / Math.min(width, height)).toBeLessThanOrEqual(2.3);
      }

      const cdp = await iphone.context.newCDPSession(iphone.page);
      try {
        const parsed = (await cdp.send('Page.getAppManifest')) as {
          errors: { message: string }[];
          manifest?: { shortcuts?: { name: string; url: string }[]; shareTarget?: { action: string }; screenshots?: unknown[] };
        };
        expect(parsed.errors).toEqual([]);
        expect(parsed.manifest?.shortcuts?.map((shortcut) => shortcut.url)).toEqual([`${server.url}/?action=new-task`]);
        expect(parsed.manifest?.shareTarget?.action).toBe(`${server.url}/share-target`);
        expect(parsed.manifest?.screenshots).toHaveLength(2);
      } finally {
        await cdp.detach();
      }
    });

    it('[PH1] iOS gets its web-app meta tags and a 180×180 Apple touch icon', async () => {
      const meta = (name: string) => iphone.page.locator(`meta[name="${name}"]`).getAttribute('content');
      await expect(meta('apple-mobile-web-app-capable')).resolves.toBe('yes');
      await expect(meta('apple-mobile-web-app-status-bar-style')).resolves.toBe('default');
      await expect(meta('apple-mobile-web-app-title')).resolves.toBe('Tasklane');
      const touchIcon = iphone.page.locator('link[rel="apple-touch-icon"]');
      await expect(touchIcon.getAttribute('sizes')).resolves.toBe('180x180');
      const href = await touchIcon.getAttribute('href');
      await expect(fetchPng(`${server.url}${href}`)).resolves.toEqual({ size: '180x180', type: 'image/png' });
    });

    it('[PH3] with viewport-fit=cover, content and the fixed hint stay clear of the notch and the home indicator (safe-area insets)', async () => {
      const { page } = iphone;
      await expect(page.locator('meta[name="viewport"]').getAttribute('content')).resolves.toContain('viewport-fit=cover');
      const insets = { top: 47, right: 14, bottom: 34, left: 12 };
      const cdp = await iphone.context.newCDPSession(page);
      try {
        await cdp.send('Emulation.setSafeAreaInsetsOverride', { insets });
        await page.getByRole('complementary', { name: 'Install Tasklane' }).waitFor();
        const padding = await page.evaluate(() => {
          const style = getComputedStyle(document.body);
          return [style.paddingTop, style.paddingRight, style.paddingLeft].map((value) => parseFloat(value));
        });
        expect(padding).toEqual([insets.top, insets.right, insets.left]);
        const heading = await page.getByRole('heading', { name: 'Tasklane', level: 1 }).boundingBox();
        expect(heading?.y).toBeGreaterThanOrEqual(insets.top);
        expect(heading?.x).toBeGreaterThanOrEqual(insets.left);
        // the hint's text and button sit above the home indicator and inside the side insets
        for (const part of [page.getByRole('button', { name: 'Got it' }), page.getByText('Add to Home Screen')]) {
          const box = await part.boundingBox();
          expect(box).not.toBeNull();
          expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height - insets.bottom);
          expect(box!.x).toBeGreaterThanOrEqual(insets.left);
          expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width - insets.right);
        }
        await iphone.screenshot('ph3-safe-area');
      } finally {
        await cdp.send('Emulation.setSafeAreaInsetsOverride', { insets: {} }).catch(() => undefined);
        await cdp.detach();
      }
    });

    it('[PH2] the "Add to Home Screen" hint shows in iOS Safari until dismissed, and the dismissal is remembered', async () => {
      const hint = iphone.page.getByRole('complementary', { name: 'Install Tasklane' });
      await expect(hint.innerText()).resolves.toContain('Add to Home Screen');
      await iphone.screenshot('ph2-ios-hint');
      await hint.getByRole('button', { name: 'Got it' }).click();
      await hint.waitFor({ state: 'detached' });
      await iphone.page.reload();
      await iphone.page.getByRole('button', { name: 'Sign up' }).waitFor();
      await expect(hint.count()).resolves.toBe(0);
    });
  });

  it('[PH2] the hint never shows in Chrome, in Chrome on iOS, nor in the app installed on the home screen', async () => {
    const device = await open('ph2-others', [], { viewport: PHONE });
    const hintCount = (page: Page) => page.getByRole('complementary', { name: 'Install Tasklane' }).count();
    const firstScreen = async (page: Page) => {
      await page.goto(server.url);
      await page.getByRole('button', { name: 'Sign up' }).waitFor();
    };
    await firstScreen(device.page);
    await expect(hintCount(device.page)).resolves.toBe(0);

    // other user agents in pages of the same browser (a launch per case would cost seconds)
    const asUserAgent = async (userAgent: string, standalone: boolean) => {
      const page = await device.context.newPage();
      const cdp = await device.context.newCDPSession(page);
      await cdp.send('Emulation.setUserAgentOverride', { userAgent });
      if (standalone) await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'standalone', { get: () => true }));
      await firstScreen(page);
      expect(await page.evaluate(() => navigator.userAgent)).toBe(userAgent);
      const count = await hintCount(page);
      await cdp.detach();
      await page.close();
      return count;
    };
    expect(await asUserAgent(UA.iphoneChrome, false)).toBe(0);
    expect(await asUserAgent(UA.iphoneSafari, true)).toBe(0);
    // the same page as Safari, not installed: the hint is there (so the zeros above mean something)
    expect(await asUserAgent(UA.iphoneSafari, false)).toBe(1);
    expect(device.errors).toEqual([]);
  });

  it('[PH4] the "New task" shortcut opens the app with the new-task field focused and then cleans the address', async () => {
    const device = await open('ph4', [], { viewport: PHONE });
    const { page } = device;
    const app = appDriver(page);
    await app.signUp(server.url, `ph4-${randomUUID()}@example.com`, PASSWORD);
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');

    await page.goto(server.url);
    await page.getByLabel('New task').waitFor();
    expect(await focusedId()).not.toBe('quick-add'); // a plain start focuses nothing

    await page.goto(`${server.url}${manifest.shortcuts[0]!.url}`);
    await page.getByLabel('New task').waitFor();
    await poll(focusedId, (id) => id === 'quick-add', { what: 'the new-task field focused' });
    expect(page.url()).toBe(`${server.url}/`);
    await page.keyboard.type('Typed straight away');
    await page.keyboard.press('Enter');
    await app.row('Typed straight away').waitFor();
    expect(device.errors).toEqual([]);
  });

  it('[PH5] [LO4] text and a link shared to the app become a task at once, in the Inbox even when a list was open, stored locally and synced; the address is cleaned and a reload adds nothing', async () => {
    const device = await open('ph5', [], { viewport: PHONE });
    const { page } = device;
    const app = appDriver(page);
    const email = `ph5-${randomUUID()}@example.com`;
    await app.signUp(server.url, email, PASSWORD);
    // a list of the user's is open when the share arrives
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { email, password: PASSWORD } });
    const work = await api(server.url, 'POST', '/api/lists', { token: (login.body as AuthResult).accessToken, body: { name: 'Work' } });
    expect(work.status).toBe(201);
    await app.openList(server.url, (work.body as TaskList).id, 'Work');

    await page.goto(shareUrl({ title: 'Recipe: lentil soup', text: 'Try this on Sunday', url: 'https://example.com/soup' }));
    await app.row('Recipe: lentil soup').waitFor();
    await expect(page.getByTestId('launch-notice').innerText()).resolves.toContain('Added “Recipe: lentil soup” from a share.');
    expect(page.url()).toBe(`${server.url}/`);
    await page.locator('#view-heading').getByText('Inbox').waitFor();
    await device.screenshot('ph5-shared');
    await page.reload();
    await app.row('Recipe: lentil soup').waitFor();
    expect(await app.titles()).toEqual(['Recipe: lentil soup']);

    const onServer = await poll(
      () => serverTasksOf(server.url, email, PASSWORD),
      (tasks) => tasks.length === 1,
      { what: 'the shared task on the server' },
    );
    expect(onServer[0]).toMatchObject({
      title: 'Recipe: lentil soup',
      description: 'Try this on Sunday\n\nhttps://example.com/soup',
      listId: INBOX_LIST_ID,
    });
    expect(device.errors).toEqual([]);
  });

  it('[PH5] sharing works offline: the service worker opens the app, the task is created on the device and reaches the server later', async () => {
    const device = await open('ph5-offline', OFFLINE_NOISE, { viewport: PHONE });
    const { page, context } = device;
    const app = appDriver(page);
    const email = `ph5o-${randomUUID()}@example.com`;
    await app.signUp(server.url, email, PASSWORD);
    await app.waitForServiceWorkerControl();

    await context.setOffline(true);
    await page.goto(shareUrl({ text: 'https://example.com/offline-article' }));
    await app.row('https://example.com/offline-article').waitFor();
    await app.waitForPending(1);
    expect(await app.connection()).toBe('offline');

    await context.setOffline(false);
    await app.waitForPending(0, 30_000);
    const onServer = await poll(
      () => serverTasksOf(server.url, email, PASSWORD),
      (tasks) => tasks.length === 1,
      { what: 'the task shared offline on the server' },
    );
    expect(onServer[0]).toMatchObject({ title: 'https://example.com/offline-article', listId: INBOX_LIST_ID });
    expect(device.errors).toEqual([]);
  });

  it('[PH6] a share is bounded and checked in the browser too: an overlong text is cut to the title limit, and an empty share or a script link adds nothing and says so', async () => {
    const device = await open('ph6', [], { viewport: PHONE });
    const { page } = device;
    const app = appDriver(page);
    await app.signUp(server.url, `ph6-${randomUUID()}@example.com`, PASSWORD);

    await page.goto(shareUrl({ url: 'javascript:alert(1)' }));
    await expect(page.getByTestId('launch-notice').innerText()).resolves.toContain('Nothing was shared that could become a task.');
    await page.goto(shareUrl({}));
    await expect(page.getByTestId('launch-notice').innerText()).resolves.toContain('Nothing was shared');
    expect(await app.rows.count()).toBe(0);

    await page.goto(shareUrl({ text: `${'word '.repeat(150)}\nsecond line` }));
    await app.rows.first().waitFor();
    const [title = ''] = await app.titles();
    expect(title.length).toBeLessThanOrEqual(500);
    expect(title.endsWith('…')).toBe(true);
    expect(device.errors).toEqual([]);
  });
});
