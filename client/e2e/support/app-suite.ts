import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { appDriver } from './app-driver';
import { CLIENT_DIST, openDevice, type AllowedError, type Device } from './browser';
import { restClient, type RestClient } from './rest-client';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export type DeviceOptions = {
  viewport?: { width: number; height: number };
  /** Console errors this device may log, each with its reason (`OFFLINE_NOISE` for a test that cuts the network). */
  allowed?: AllowedError[];
  /** The browser's zone, set through the DevTools protocol (the session stays attached for the override to last). */
  timeZone?: string;
  /** A touch screen (Playwright's `hasTouch`): the page sees touch input and `navigator.maxTouchPoints` > 0. */
  hasTouch?: boolean;
};

export type SignedIn = { device: Device; page: Page; app: ReturnType<typeof appDriver>; user: RegisteredUser; rest: RestClient };

export type AppSuite = {
  /** The file's server (client/dist served by a real sync server on a free port); there from `beforeAll` on. */
  readonly server: TestServer;
  /** A new browser, phone-sized unless told, closed after the test. */
  open(name: string, options?: DeviceOptions): Promise<Device>;
  /** A new browser signed in through the sign-in form: to a new account made over REST, or to `user`'s (a second device). */
  signedIn(name: string, options?: DeviceOptions & { user?: RegisteredUser }): Promise<SignedIn>;
};

/**
 * The set-up every browser test file of the app repeats, as jest hooks of the calling `describe`: one server for the
 * file; each browser closed after its test, which then fails if the browser logged an error it did not allow.
 */
export function appSuite(): AppSuite {
  let server: TestServer | undefined;
  const devices: Device[] = [];

  beforeAll(async () => {
    server = await startTestServer({ clientDistDir: CLIENT_DIST });
  });
  afterEach(async () => {
    const opened = devices.splice(0);
    const errors = opened.flatMap((device) => device.errors);
    for (const device of opened) await device.close();
    expect(errors).toEqual([]);
  });
  afterAll(async () => {
    await server?.close();
  });

  const suite: AppSuite = {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    async open(name, options = {}) {
      const device = await openDevice(name, options.allowed ?? [], {
        viewport: options.viewport ?? PHONE,
        hasTouch: options.hasTouch ?? false,
      });
      devices.push(device);
      if (options.timeZone) {
        const cdp = await device.context.newCDPSession(device.page);
        await cdp.send('Emulation.setTimezoneOverride', { timezoneId: options.timeZone });
      }
      return device;
    },
    async signedIn(name, options = {}) {
      const device = await suite.open(name, options);
      const user = options.user ?? (await registerUser(suite.server.url, `${name}-${randomUUID()}@example.com`));
      const app = appDriver(device.page);
      await app.signIn(suite.server.url, user.email, user.password);
      return { device, page: device.page, app, user, rest: restClient(suite.server.url, user) };
    },
  };
  return suite;
}
