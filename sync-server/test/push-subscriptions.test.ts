import { createECDH, randomBytes } from 'node:crypto';
import webpush from 'web-push';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { startServerProcess } from '@tasklane/testkit/server-process';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:test@example.com' };

function subscription(endpoint = `https://push.example.com/send/${randomBytes(8).toString('hex')}`) {
  const p256dh = createECDH('prime256v1').generateKeys().toString('base64url');
  return { endpoint, expirationTime: null, keys: { p256dh, auth: randomBytes(16).toString('base64url') } };
}

describe('push subscriptions over REST', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ reminders: { vapid } });
  });
  afterAll(() => server.close());

  it('[NT1] [NT2] registering is idempotent by endpoint, moves an endpoint to the user who registers it last, and DELETE removes it', async () => {
    const [alice, bob] = [await registerUser(server.url), await registerUser(server.url)];
    const body = subscription();
    for (let round = 0; round < 2; round += 1) {
      const created = await api(server.url, 'POST', '/api/push-subscriptions', { token: alice.accessToken, body });
      expect([created.status, created.body]).toEqual([201, { endpoint: body.endpoint }]);
    }
    expect((await server.store.listPushSubscriptions(alice.id)).map((found) => found.endpoint)).toEqual([body.endpoint]);
    expect((await api(server.url, 'POST', '/api/push-subscriptions', { token: bob.accessToken, body })).status).toBe(201);
    expect(await server.store.listPushSubscriptions(alice.id)).toEqual([]);
    expect((await server.store.listPushSubscriptions(bob.id)).map((found) => found.endpoint)).toEqual([body.endpoint]);
    // Alice's browser no longer holds it: her DELETE is a success that removes nothing of Bob's.
    expect(
      (await api(server.url, 'DELETE', '/api/push-subscriptions', { token: alice.accessToken, body: { endpoint: body.endpoint } })).status,
    ).toBe(204);
    expect(await server.store.listPushSubscriptions(bob.id)).toHaveLength(1);
    expect(
      (await api(server.url, 'DELETE', '/api/push-subscriptions', { token: bob.accessToken, body: { endpoint: body.endpoint } })).status,
    ).toBe(204);
    expect(await server.store.listPushSubscriptions(bob.id)).toEqual([]);
    expect((await api(server.url, 'POST', '/api/push-subscriptions', { body })).status).toBe(401);
    expect((await api(server.url, 'GET', '/api/push-config')).body).toEqual({ vapidPublicKey: vapid.publicKey });
  });

  it('[NT19] an endpoint held by another user moves only with the same keys; other keys are 409 CONFLICT and change nothing', async () => {
    const [alice, mallory] = [await registerUser(server.url), await registerUser(server.url)];
    const body = subscription();
    expect((await api(server.url, 'POST', '/api/push-subscriptions', { token: alice.accessToken, body })).status).toBe(201);
    const guessed = { ...subscription(body.endpoint) };
    const refused = await api(server.url, 'POST', '/api/push-subscriptions', { token: mallory.accessToken, body: guessed });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'CONFLICT']);
    expect(await server.store.listPushSubscriptions(mallory.id)).toEqual([]);
    expect((await server.store.listPushSubscriptions(alice.id)).map((found) => found.p256dh)).toEqual([body.keys.p256dh]);
  });

  it('[NT3] [NT18] an endpoint must be https:, at most 1,000 characters, without credentials; keys of the right lengths; nothing is stored otherwise', async () => {
    const user = await registerUser(server.url);
    const good = subscription();
    const bad = [
      { ...good, endpoint: 'http://push.example.com/send/1' },
      { ...good, endpoint: `https://push.example.com/${'a'.repeat(1000)}` },
      { ...good, endpoint: 'https://user:pass@push.example.com/send/1' },
      { ...good, endpoint: 'not a url' },
      { ...good, keys: { ...good.keys, p256dh: randomBytes(64).toString('base64url') } },
      { ...good, keys: { ...good.keys, p256dh: Buffer.concat([Buffer.from([2]), randomBytes(64)]).toString('base64url') } },
      { ...good, keys: { ...good.keys, auth: randomBytes(12).toString('base64url') } },
      { ...good, keys: { ...good.keys, auth: 'not base64url!' } },
      // [NT18] The right length and prefix, but no point on P-256.
      { ...good, keys: { ...good.keys, p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64url') } },
      { endpoint: good.endpoint },
    ];
    for (const body of bad) {
      const refused = await api(server.url, 'POST', '/api/push-subscriptions', { token: user.accessToken, body });
      expect([refused.status, refused.body.error.code]).toEqual([400, 'INVALID_MESSAGE']);
    }
    expect(await server.store.listPushSubscriptions(user.id)).toEqual([]);
  });
});

describe('push subscriptions in production', () => {
  let server: TestServer;
  const resolve = (host: string) =>
    Promise.resolve({ 'push.example.com': ['142.250.74.78'], 'internal.example.com': ['10.0.0.7'] }[host] ?? []);
  // Hosts that only the address rules can refuse, so that each refusal below is the one named.
  const endpointHosts = ['push.example.com', 'internal.example.com', '127.0.0.1', '[::1]', '169.254.169.254', '[::7f00:1]'];
  beforeAll(async () => {
    server = await startTestServer({ reminders: { vapid, resolve, endpointHosts }, http: { production: true } });
  });
  afterAll(() => server.close());

  it('[NT3] production refuses endpoints on loopback, private or link-local addresses, literal or resolved', async () => {
    const user = await registerUser(server.url);
    for (const endpoint of [
      'https://127.0.0.1/push/1',
      'https://[::1]/push/1',
      'https://internal.example.com/push/1',
      'https://169.254.169.254/x',
      'https://[::127.0.0.1]/push/1',
    ]) {
      const refused = await api(server.url, 'POST', '/api/push-subscriptions', { token: user.accessToken, body: subscription(endpoint) });
      expect([endpoint, refused.status, refused.body.error.code]).toEqual([endpoint, 400, 'INVALID_MESSAGE']);
      expect(refused.body.error.message).toMatch(/private, loopback or link-local/);
    }
    expect(await server.store.listPushSubscriptions(user.id)).toEqual([]);
    const accepted = await api(server.url, 'POST', '/api/push-subscriptions', { token: user.accessToken, body: subscription() });
    expect(accepted.status).toBe(201);
  });

  it('[NT17] production registers only endpoints of the known push-service hosts, on port 443', async () => {
    const user = await registerUser(server.url);
    for (const [endpoint, problem] of [
      ['https://push.example.com.evil.net/push/1', /not a known push service/],
      ['https://evilpush.example.com/push/1', /not a known push service/],
      ['https://push.example.com:8443/push/1', /port 443/],
    ] as const) {
      const refused = await api(server.url, 'POST', '/api/push-subscriptions', { token: user.accessToken, body: subscription(endpoint) });
      expect([endpoint, refused.status, refused.body.error.code]).toEqual([endpoint, 400, 'INVALID_MESSAGE']);
      expect(refused.body.error.message).toMatch(problem);
    }
    const explicitPort = await api(server.url, 'POST', '/api/push-subscriptions', {
      token: user.accessToken,
      body: subscription('https://push.example.com:443/push/2'),
    });
    expect(explicitPort.status).toBe(201);
    expect(await server.store.listPushSubscriptions(user.id)).toHaveLength(1);
  });
});

describe('push subscriptions without VAPID keys', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ reminders: { vapid: null } });
  });
  afterAll(() => server.close());

  it('[NT6] push-config says null and a subscription is refused with PUSH_UNAVAILABLE', async () => {
    const user = await registerUser(server.url);
    expect((await api(server.url, 'GET', '/api/push-config')).body).toEqual({ vapidPublicKey: null });
    const refused = await api(server.url, 'POST', '/api/push-subscriptions', { token: user.accessToken, body: subscription() });
    expect([refused.status, refused.body.error.code, refused.body.error.retryable]).toEqual([501, 'PUSH_UNAVAILABLE', false]);
  });
});

describe('push subscriptions without VAPID keys (built dist/main.js in production)', () => {
  it('[NT6] a production server without keys starts, warns once in its JSON log, says null and refuses subscriptions', async () => {
    const temp = makeTempDir('no-vapid-production');
    const server = await startServerProcess({ DATA_DIR: temp.dir, NODE_ENV: 'production', PASSWORD_HASH_COST: '' });
    try {
      expect((await api(server.url, 'GET', '/api/push-config')).body).toEqual({ vapidPublicKey: null });
      const user = await registerUser(server.url);
      const refused = await api(server.url, 'POST', '/api/push-subscriptions', { token: user.accessToken, body: subscription() });
      expect([refused.status, refused.body.error.code]).toEqual([501, 'PUSH_UNAVAILABLE']);
    } finally {
      await server.stop();
      temp.remove();
    }
    const lines = server
      .stdout()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { level?: number | string; msg?: string });
    const warnings = lines.filter((line) => line.msg?.startsWith('no VAPID keys in production: reminders are off'));
    expect(warnings).toHaveLength(1);
    expect([40, 'warn']).toContain(warnings[0]!.level);
    expect(warnings[0]!.msg).toContain('VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT');
  });
});
