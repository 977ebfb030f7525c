import { randomUUID } from 'node:crypto';
import { startTestServer, TEST_TOKEN_SECRETS, type TestServer } from '@tasklane/testkit/start-test-server';
import { appDriver } from './support/app-driver';
import { CLIENT_DIST, openDevice, type Device } from './support/browser';
import { serverTasksOf } from './support/server-api';

jest.setTimeout(120_000);

/** Runs in the page: the session the app keeps in localStorage. */
const storedSession = () => JSON.parse(localStorage.getItem('tasklane:session') ?? '{}') as { accessToken?: string; refreshToken?: string };

describe('e2e: short-lived access tokens', () => {
  let server: TestServer;
  let device: Device | undefined;

  beforeAll(async () => {
    server = await startTestServer({
      clientDistDir: CLIENT_DIST,
      tokens: { ...TEST_TOKEN_SECRETS, accessTtlSeconds: 3, refreshTtlSeconds: 3600 },
    });
  });
  afterAll(async () => {
    await device?.close();
    await server.close();
  });

  it('[E6] [AU12] the browser renews its access token through the httpOnly refresh cookie alone and keeps syncing, with no user action', async () => {
    device = await openDevice('e6');
    const app = appDriver(device.page);
    // Every auth answer the page receives: a cookie-only session never lets a page script read a refresh token.
    const authAnswers: Promise<string>[] = [];
    device.page.on('response', (response) => {
      if (response.url().includes('/api/auth/') && response.status() !== 204) authAnswers.push(response.text());
    });
    const email = `e6-${randomUUID()}@example.com`;
    const password = 'correct horse battery';
    await app.signUp(server.url, email, password);
    const first = await device.page.evaluate(storedSession);
    expect(first.refreshToken).toBeUndefined();

    await new Promise((resolve) => setTimeout(resolve, 4000)); // the first access token has expired
    await app.add('Added after the token expired');
    await app.waitForPending(0, 15_000);
    expect((await serverTasksOf(server.url, email, password)).map((task) => task.title)).toEqual(['Added after the token expired']);
    expect((await device.page.evaluate(storedSession)).accessToken).not.toBe(first.accessToken);
    expect(await app.connection()).toBe('online');
    const answers = await Promise.all(authAnswers);
    expect(answers.length).toBeGreaterThanOrEqual(2); // the sign-up and at least one refresh
    for (const answer of answers) expect(JSON.parse(answer)).not.toHaveProperty('refreshToken');
    expect(await device.page.evaluate(() => document.cookie)).not.toContain('__Host-tasklane_refresh');
    expect(await device.page.evaluate(() => JSON.stringify(localStorage))).not.toContain('refreshToken');
    await device.screenshot('e6-after-refresh');
    expect(device.errors).toEqual([]);
  });
});
