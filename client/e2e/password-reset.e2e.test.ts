import { api, registerUser } from '@tasklane/testkit/api-client';
import { linkToken, startSmtpInbox, type SmtpInbox } from '@tasklane/testkit/smtp-inbox';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { appDriver } from './support/app-driver';
import { CLIENT_DIST, openDevice, type Device } from './support/browser';

jest.setTimeout(120_000);

describe('e2e: password reset by e-mail (Chromium, real SMTP server in process)', () => {
  let inbox: SmtpInbox;
  let server: TestServer;
  let device: Device | undefined;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    // No PUBLIC_URL: the link points at the address the server listens on, as in development.
    server = await startTestServer({
      clientDistDir: CLIENT_DIST,
      email: {
        transport: { kind: 'smtp', url: inbox.url, from: 'Tasklane <no-reply@localhost>' },
        publicUrl: undefined,
        perAddressPerHour: 5,
      },
    });
  });
  afterAll(async () => {
    await device?.close();
    await server.close();
    await inbox.close();
  });

  it('[AC14] [AC19] "Forgot password?" mails a link; the link’s page hides its token and sets a new password once; the app signs in with it', async () => {
    device = await openDevice('ac14', [{ pattern: /status of 401/, reason: 'the spent link is refused, which the test provokes' }]);
    const { page } = device;
    const user = await registerUser(server.url);
    await inbox.next(user.email); // the sign-up's verification mail

    await page.goto(server.url);
    await page.getByRole('button', { name: 'Sign in' }).click(); // to the sign-in form
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Send link' }).click();
    await page.getByText('a link to choose a new password is on its way').waitFor();

    const mail = await inbox.next(user.email);
    const link = `${server.url}/#/reset?token=${linkToken(mail, 'reset')}`;
    expect(mail.text).toContain(link);
    await page.goto(link);
    await page.getByLabel('New password').waitFor();
    // [AC19] The token left the address bar (and the history entry) as soon as the page read it.
    expect(await page.evaluate(() => location.href)).not.toContain(linkToken(mail, 'reset'));
    await page.getByLabel('New password').fill('chosen in the browser');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Your password is changed.').waitFor();
    await device.screenshot('ac14-password-changed');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(new URL(page.url()).hash).toBe('');

    expect((await api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401);
    await appDriver(page).signIn(server.url, user.email, 'chosen in the browser');

    // The link is spent: opened again, it says so and changes nothing.
    await page.goto(link);
    await page.getByLabel('New password').fill('a second try');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('This link is invalid, has expired or was already used.').waitFor();
    expect(
      (await api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password: 'chosen in the browser' } })).status,
    ).toBe(200);
    expect(device.errors).toEqual([]);
  });
});
