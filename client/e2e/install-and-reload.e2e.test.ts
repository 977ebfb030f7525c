import { randomUUID } from 'node:crypto';
import rootPackage from '../../package.json';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { appDriver } from './support/app-driver';
import { CLIENT_DIST, openDevice, poll, type Device } from './support/browser';

jest.setTimeout(120_000);

describe('e2e: install, reload, service worker', () => {
  let server: TestServer;
  let device: Device | undefined;

  beforeAll(async () => {
    server = await startTestServer({ clientDistDir: CLIENT_DIST });
  });
  afterAll(async () => {
    await device?.close();
    await server.close();
  });

  it('[E1] tasks survive a reload, the service worker controls the page, Chromium reports no installability errors, and the About line names the release', async () => {
    device = await openDevice('e1');
    const app = appDriver(device.page);
    await app.signUp(server.url, `e1-${randomUUID()}@example.com`, 'correct horse battery');
    await app.add('Water the plants');
    await app.add('Book dentist');
    await app.waitForServiceWorkerControl();

    await device.page.reload();
    await app.row('Book dentist').waitFor();
    expect((await app.titles()).sort()).toEqual(['Book dentist', 'Water the plants']);
    expect(await device.page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${server.url}/sw.js`);
    expect(await device.page.getByRole('contentinfo').innerText()).toBe(`Tasklane ${rootPackage.version}`);

    const cdp = await device.context.newCDPSession(device.page);
    try {
      const { installabilityErrors } = await poll(
        () => cdp.send('Page.getInstallabilityErrors') as Promise<{ installabilityErrors: unknown[] }>,
        (result) => result.installabilityErrors.length === 0,
        { what: 'no installability errors', timeoutMs: 10_000 },
      );
      expect(installabilityErrors).toEqual([]);
    } finally {
      await cdp.detach(); // an attached session makes navigator.onLine lie later
    }
    await app.waitForPending(0);
    await device.screenshot('e1-reloaded');
    expect(device.errors).toEqual([]);
  });
});
