import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { linkToken, startSmtpInbox } from '@tasklane/testkit/smtp-inbox';
import { startTestServer, TEST_TOKEN_SECRETS, type TestServer } from '@tasklane/testkit/start-test-server';
import webpush from 'web-push';
import { createActionTokens } from '@tasklane/sync-server/src/push/action-token';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createMemoryRateLimiter } from '@tasklane/sync-server/src/rate-limit/memory-rate-limiter';
import type { RateLimiterFactory } from '@tasklane/sync-server/src/rate-limit/rate-limiter';
import { createEmbeddedStore } from '@tasklane/sync-server/src/store/sqlite/embedded-store';
import type { Store } from '@tasklane/sync-server/src/store/store';
import { documentValidator } from './support/document-validator';

type Json = { [key: string]: unknown };
type Method = 'get' | 'post' | 'patch' | 'delete';
type Call = {
  token?: string;
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  rawBody?: string;
  cookie?: string;
  origin?: string;
};

const ROOT = path.resolve(__dirname, '../..');
const OPENAPI_TEXT = fs.readFileSync(path.join(ROOT, 'docs/openapi.json'), 'utf8');
const document: Json = JSON.parse(OPENAPI_TEXT);
const JSON_TYPE = 'application/json';
const mismatch = documentValidator(document, 'draft-2020-12');

/** The value under `keys`, or undefined where the path leaves the document. */
const at = (node: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((value, key) => (value as Json | undefined)?.[key], node);

const pointer = (...keys: string[]) => keys.map((key) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** The documented response of one operation and status: its JSON pointer, `$ref`s to shared responses followed. */
function documentedResponse(method: Method, template: string, status: number): { where: string; response: Json } {
  const response = at(document, 'paths', template, method, 'responses', String(status)) as Json | undefined;
  if (!response) throw new Error(`${method.toUpperCase()} ${template} answered ${status}, which the OpenAPI document does not list`);
  if (typeof response.$ref !== 'string') return { where: pointer('paths', template, method, 'responses', String(status)), response };
  const name = response.$ref.replace('#/components/responses/', '');
  return { where: pointer('components', 'responses', name), response: at(document, 'components', 'responses', name) as Json };
}

const proven = new Set<string>();
const TOO_LARGE = { title: 'x', description: 'y'.repeat(1024 * 1024 + 1) };

/** One real request; its status must be documented for the route, and its body must match the documented schema. */
async function call(server: TestServer, method: Method, template: string, options: Call = {}) {
  const url = template.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(options.params?.[name] ?? ''));
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['content-type'] = JSON_TYPE;
  const response = await fetch(`${server.url}${url}${options.query ? `?${options.query}` : ''}`, {
    method: method.toUpperCase(),
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();

  const { where, response: documented } = documentedResponse(method, template, response.status);
  proven.add(`${method} ${template} ${response.status}`);
  if (!documented.content) {
    expect(text).toBe('');
    return { status: response.status, body: {} as Json, headers: response.headers, text };
  }
  if (response.headers.get('content-type')?.startsWith('text/csv')) {
    expect(at(documented, 'content', 'text/csv')).toBeDefined();
    return { status: response.status, body: {} as Json, headers: response.headers, text };
  }
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const parsed: unknown = JSON.parse(text);
  const errors = mismatch(`${where}${pointer('content', JSON_TYPE, 'schema')}`, parsed);
  if (errors !== undefined) {
    throw new Error(
      `${method.toUpperCase()} ${template} ${response.status} does not match the OpenAPI document: ${errors}\n${text.slice(0, 500)}`,
    );
  }
  return { status: response.status, body: parsed as Json, headers: response.headers, text };
}

const TEST_VAPID = { ...webpush.generateVAPIDKeys(), subject: 'mailto:test@example.com' };

/** A browser's subscription as `PushSubscription.toJSON()` gives it (keys of the right lengths). */
function pushSubscriptionBody() {
  const browser = createECDH('prime256v1');
  const p256dh = browser.generateKeys().toString('base64url');
  return {
    endpoint: `https://push.example.com/send/${randomBytes(8).toString('hex')}`,
    keys: { p256dh, auth: randomBytes(16).toString('base64url') },
  };
}

/** A store that fails every call while `failure` is set, as an unreachable database would. */
function failingOnDemand(store: Store): { store: Store; fail(error: Error | undefined): void } {
  let failure: Error | undefined;
  const spared = new Set<PropertyKey>(['close', 'checkReady']);
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || spared.has(property)) return value;
      return (...args: unknown[]): unknown => {
        if (failure) return Promise.reject(failure);
        return Reflect.apply(value as (...args: unknown[]) => unknown, target, args);
      };
    },
  });
  return { store: proxy, fail: (error) => (failure = error) };
}

/**
 * Memory limiters whose account-mail ones throw while `failure` is set: a reset request reaches no store before it is
 * answered ([AC1]), so only an unexpected fault there can make it fail.
 */
function mailLimitersFailingOnDemand(): { factory: RateLimiterFactory; fail(error: Error | undefined): void } {
  let failure: Error | undefined;
  const factory: RateLimiterFactory = (rule) => {
    const limiter = createMemoryRateLimiter(rule);
    if (!rule.name.startsWith('email-')) return limiter;
    return { hit: (key) => (failure ? Promise.reject(failure) : limiter.hit(key)) };
  };
  return { factory, fail: (error) => (failure = error) };
}

/** One well-formed request to every sharing route ([SH2]): for the rate-limit and store-failure answers. */
function sharingRequests(token: string, userId: string): Array<[Method, string, Call]> {
  const params = { id: 'any-list' };
  const invitation = { invitationId: randomUUID() };
  return [
    ['post', '/api/lists/{id}/invitations', { token, params, body: { email: 'someone@example.com', role: 'viewer' } }],
    ['get', '/api/lists/{id}/invitations', { token, params }],
    ['delete', '/api/lists/{id}/invitations/{invitationId}', { token, params: { ...params, ...invitation } }],
    ['get', '/api/invitations', { token }],
    ['post', '/api/invitations/{invitationId}/accept', { token, params: invitation }],
    ['post', '/api/invitations/{invitationId}/decline', { token, params: invitation }],
    ['get', '/api/lists/{id}/members', { token, params }],
    ['patch', '/api/lists/{id}/members/{userId}', { token, params: { ...params, userId }, body: { role: 'viewer' } }],
    ['delete', '/api/lists/{id}/members/{userId}', { token, params: { ...params, userId } }],
    ['post', '/api/lists/{id}/owner', { token, params, body: { userId } }],
    ['get', '/api/memberships', { token }],
  ];
}

/** Responses no cheap test can provoke, and why it is safe to leave them unproven here. */
const NOT_PROVOKED: Record<string, string> = {
  'post /api/reminder-actions 409': 'needs five lost write races in a row; the CONFLICT body is proven by POST /api/tasks',
  'patch /api/tasks/{id} 409': 'needs five lost write races in a row; the CONFLICT body is proven by POST /api/tasks',
  'delete /api/tasks/{id} 409': 'needs five lost write races in a row; the CONFLICT body is proven by POST /api/tasks',
  'patch /api/lists/{id} 409': 'needs five lost write races in a row; the CONFLICT body is proven by POST /api/lists',
  'delete /api/lists/{id} 409': 'needs five lost write races in a row; the CONFLICT body is proven by POST /api/lists',
  'post /api/invitations/{invitationId}/accept 403':
    'needs a server that sends mail (an unverified address); shared-lists.test.ts provokes it; the FORBIDDEN body is proven by POST /api/lists/{id}/invitations',
  'post /api/invitations/{invitationId}/decline 403':
    'needs a server that sends mail (an unverified address); sharing-cost-and-limits.test.ts provokes it; the FORBIDDEN body is proven by POST /api/lists/{id}/invitations',
  'post /api/lists/{id}/owner 409': 'needs a new owner with 500 lists; the LIST_LIMIT body is proven by POST /api/lists',
  'post /api/import 409':
    'needs five lost merge races in a row (account-import.test.ts provokes it); the body is proven by POST /api/tasks',
};

describe('the OpenAPI document describes the real server (responses validated with ajv)', () => {
  let server: TestServer;
  let alice: RegisteredUser;

  beforeAll(async () => {
    server = await startTestServer();
    alice = await registerUser(server.url);
  });
  afterAll(async () => {
    await server.close();
  });

  it('GET /api/openapi.json serves docs/openapi.json', async () => {
    const served = await call(server, 'get', '/api/openapi.json');
    expect(served.status).toBe(200);
    expect(served.text).toBe(OPENAPI_TEXT);
  });

  it('[O5] /health answers the release version of the root package.json', async () => {
    const rootPackage = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const health = await call(server, 'get', '/health');
    expect(health.body).toEqual({ status: 'ok', version: rootPackage.version });
    expect((await call(server, 'get', '/ready')).status).toBe(200);
  });

  it('auth routes: every answer matches', async () => {
    const email = `openapi-${Date.now()}@example.com`;
    const credentials = { email, password: 'correct horse battery' };
    const registered = await call(server, 'post', '/api/auth/register', { body: credentials });
    expect(registered.status).toBe(201);
    const cookieOnly = { ...credentials, email: `cookie-only-${email}`, cookieOnly: true };
    expect((await call(server, 'post', '/api/auth/register', { body: cookieOnly })).body).not.toHaveProperty('refreshToken');
    expect((await call(server, 'post', '/api/auth/login', { body: cookieOnly })).body).not.toHaveProperty('refreshToken');
    expect((await call(server, 'post', '/api/auth/register', { body: credentials })).status).toBe(409);
    expect((await call(server, 'post', '/api/auth/register', { body: { email: 'not an email', password: 'x' } })).status).toBe(400);
    expect((await call(server, 'post', '/api/auth/register', { body: TOO_LARGE })).status).toBe(413);

    expect((await call(server, 'post', '/api/auth/login', { body: credentials })).status).toBe(200);
    expect((await call(server, 'post', '/api/auth/login', { body: { ...credentials, password: 'wrong password' } })).status).toBe(401);
    expect((await call(server, 'post', '/api/auth/login', { rawBody: '{"email": ' })).status).toBe(400);
    expect((await call(server, 'post', '/api/auth/login', { body: TOO_LARGE })).status).toBe(413);

    const refreshed = await call(server, 'post', '/api/auth/refresh', { body: { refreshToken: registered.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    const cookie = `__Host-tasklane_refresh=${String(refreshed.body.refreshToken)}`;
    expect((await call(server, 'post', '/api/auth/refresh', { cookie, body: {}, origin: 'https://elsewhere.example' })).status).toBe(403);
    const byCookie = await call(server, 'post', '/api/auth/refresh', { cookie, body: {}, origin: server.url });
    expect(byCookie.status).toBe(200);
    expect(byCookie.headers.get('set-cookie')).toMatch(/^__Host-tasklane_refresh=/);
    const cookieOnlyRefresh = await call(server, 'post', '/api/auth/refresh', {
      body: { refreshToken: byCookie.body.refreshToken, cookieOnly: true },
    });
    expect(cookieOnlyRefresh.body).toEqual({ accessToken: expect.any(String) });
    expect((await call(server, 'post', '/api/auth/refresh', { body: { refreshToken: 'not-a-token' } })).status).toBe(401);
    expect((await call(server, 'post', '/api/auth/refresh', { body: { refreshToken: 42 } })).status).toBe(400);
    expect((await call(server, 'post', '/api/auth/refresh', { body: TOO_LARGE })).status).toBe(413);

    const lastCookie = String(cookieOnlyRefresh.headers.get('set-cookie')).split(';')[0]!;
    expect(
      (await call(server, 'post', '/api/auth/logout', { cookie: lastCookie, body: {}, origin: 'https://elsewhere.example' })).status,
    ).toBe(403);
    expect((await call(server, 'post', '/api/auth/logout', { cookie: lastCookie, body: {}, origin: server.url })).status).toBe(204);
    expect((await call(server, 'post', '/api/auth/logout', {})).status).toBe(401);
    expect((await call(server, 'post', '/api/auth/logout', { body: { refreshToken: ['a'] } })).status).toBe(400);
    expect((await call(server, 'post', '/api/auth/logout', { body: TOO_LARGE })).status).toBe(413);
  });

  it('[AS3] [AS5] task routes: every answer matches', async () => {
    const token = alice.accessToken;
    const created = await call(server, 'post', '/api/tasks', { token, body: { title: 'Describe the API', tags: ['docs'] } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call(server, 'post', '/api/tasks', { token, body: { id, title: 'Again' } })).status).toBe(409);
    expect((await call(server, 'post', '/api/tasks', { token, body: { title: '' } })).status).toBe(400);
    expect((await call(server, 'post', '/api/tasks', { body: { title: 'Anonymous' } })).status).toBe(401);
    expect((await call(server, 'post', '/api/tasks', { token, body: TOO_LARGE })).status).toBe(413);
    const stranger = randomUUID();
    expect((await call(server, 'post', '/api/tasks', { token, body: { title: 'Theirs', assignee: stranger } })).body.error).toMatchObject({
      code: 'INVALID_ASSIGNEE',
    });

    expect((await call(server, 'get', '/api/tasks', { token, query: 'limit=1' })).status).toBe(200);
    const due = { title: 'Due today', due: { date: new Date().toISOString().slice(0, 10) }, checklist: [{ text: 'a', done: true }] };
    expect((await call(server, 'post', '/api/tasks', { token, body: due })).status).toBe(201);
    const upcoming = await call(server, 'get', '/api/tasks', { token, query: 'view=upcoming&tz=UTC' });
    expect(upcoming.body.days).toEqual([expect.objectContaining({ tasks: [expect.objectContaining({ title: 'Due today' })] })]);
    expect((await call(server, 'get', '/api/tasks', { token, query: 'view=today&tz=UTC' })).body.tasks).toHaveLength(1);
    expect((await call(server, 'get', '/api/tasks', { token, query: 'view=today' })).status).toBe(400);
    expect((await call(server, 'get', '/api/tasks', { token, query: 'status=archived' })).status).toBe(400);
    expect((await call(server, 'get', '/api/tasks', { token, query: 'assignee=me&limit=1' })).status).toBe(200);
    expect((await call(server, 'get', '/api/tasks', { token, query: `assignee=${alice.id}` })).status).toBe(400);
    expect((await call(server, 'get', '/api/tasks')).status).toBe(401);

    expect((await call(server, 'get', '/api/tasks/{id}', { token, params: { id } })).status).toBe(200);
    expect((await call(server, 'get', '/api/tasks/{id}', { token, params: { id: 'no-such-task' } })).status).toBe(404);
    expect((await call(server, 'get', '/api/tasks/{id}', { token, params: { id: 'not.an.id' } })).status).toBe(400);
    expect((await call(server, 'get', '/api/tasks/{id}', { params: { id } })).status).toBe(401);

    expect((await call(server, 'patch', '/api/tasks/{id}', { token, params: { id }, body: { status: 'done' } })).status).toBe(200);
    expect((await call(server, 'patch', '/api/tasks/{id}', { token, params: { id }, body: {} })).status).toBe(400);
    const assigned = await call(server, 'patch', '/api/tasks/{id}', { token, params: { id }, body: { assignee: stranger } });
    expect([assigned.status, assigned.body.error]).toEqual([400, expect.objectContaining({ code: 'INVALID_ASSIGNEE' })]);
    expect((await call(server, 'patch', '/api/tasks/{id}', { token, params: { id: 'no-such-task' }, body: { title: 'x' } })).status).toBe(
      404,
    );
    expect((await call(server, 'patch', '/api/tasks/{id}', { params: { id }, body: { title: 'x' } })).status).toBe(401);
    expect((await call(server, 'patch', '/api/tasks/{id}', { token, params: { id }, body: TOO_LARGE })).status).toBe(413);

    expect((await call(server, 'delete', '/api/tasks/{id}', { token, params: { id } })).status).toBe(204);
    expect((await call(server, 'delete', '/api/tasks/{id}', { token, params: { id } })).status).toBe(404);
    expect((await call(server, 'delete', '/api/tasks/{id}', { token, params: { id: 'not.an.id' } })).status).toBe(400);
    expect((await call(server, 'delete', '/api/tasks/{id}', { params: { id } })).status).toBe(401);
  });

  it('[LR8] list routes: every answer matches', async () => {
    const token = alice.accessToken;
    expect((await call(server, 'get', '/api/lists', { token })).body.lists).toEqual([expect.objectContaining({ id: 'inbox', seq: 0 })]);
    expect((await call(server, 'get', '/api/lists/{id}', { token, params: { id: 'inbox' } })).status).toBe(200);
    const created = await call(server, 'post', '/api/lists', { token, body: { name: 'Describe lists', colour: 'teal' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call(server, 'post', '/api/lists', { token, body: { id, name: 'Again' } })).status).toBe(409);
    expect((await call(server, 'post', '/api/lists', { token, body: { name: '' } })).status).toBe(400);
    expect((await call(server, 'post', '/api/lists', { body: { name: 'Anonymous' } })).status).toBe(401);
    expect(
      (await call(server, 'post', '/api/lists', { token, body: { name: 'x', description: 'y'.repeat(1024 * 1024 + 1) } })).status,
    ).toBe(413);

    expect((await call(server, 'get', '/api/lists', { token, query: 'limit=1' })).status).toBe(200);
    expect((await call(server, 'get', '/api/lists', { token, query: 'limit=501' })).status).toBe(400);
    expect((await call(server, 'get', '/api/lists')).status).toBe(401);

    expect((await call(server, 'get', '/api/lists/{id}', { token, params: { id } })).status).toBe(200);
    expect((await call(server, 'get', '/api/lists/{id}', { token, params: { id: 'no-such-list' } })).status).toBe(404);
    expect((await call(server, 'get', '/api/lists/{id}', { token, params: { id: 'not.an.id' } })).status).toBe(400);
    expect((await call(server, 'get', '/api/lists/{id}', { params: { id } })).status).toBe(401);

    expect((await call(server, 'patch', '/api/lists/{id}', { token, params: { id }, body: { archived: true } })).status).toBe(200);
    expect((await call(server, 'patch', '/api/lists/{id}', { token, params: { id: 'inbox' }, body: { name: 'In' } })).status).toBe(200);
    expect((await call(server, 'patch', '/api/lists/{id}', { token, params: { id: 'inbox' }, body: { archived: true } })).status).toBe(400);
    expect((await call(server, 'patch', '/api/lists/{id}', { token, params: { id: 'no-such-list' }, body: { name: 'x' } })).status).toBe(
      404,
    );
    expect((await call(server, 'patch', '/api/lists/{id}', { params: { id }, body: { name: 'x' } })).status).toBe(401);
    expect((await call(server, 'patch', '/api/lists/{id}', { token, params: { id }, body: TOO_LARGE })).status).toBe(413);

    expect((await call(server, 'delete', '/api/lists/{id}', { token, params: { id }, query: 'tasks=move-to-inbox' })).status).toBe(204);
    expect((await call(server, 'delete', '/api/lists/{id}', { token, params: { id }, query: 'tasks=delete' })).status).toBe(404);
    expect((await call(server, 'delete', '/api/lists/{id}', { token, params: { id: 'inbox' }, query: 'tasks=delete' })).status).toBe(400);
    expect((await call(server, 'delete', '/api/lists/{id}', { params: { id }, query: 'tasks=delete' })).status).toBe(401);
  });

  it('[SH2] [SH3] [SH5] [SH10] [SH13] sharing routes: every answer matches', async () => {
    const token = alice.accessToken;
    const [bob, carol] = [await registerUser(server.url), await registerUser(server.url)];
    const listId = (await call(server, 'post', '/api/lists', { token, body: { name: 'Described sharing' } })).body.id as string;
    const params = { id: listId };
    const invite = (as: string | undefined, body: unknown, id = listId) =>
      call(server, 'post', '/api/lists/{id}/invitations', { ...(as ? { token: as } : {}), params: { id }, body });

    const toBob = await invite(token, { email: bob.email, role: 'editor' });
    expect(toBob.status).toBe(201);
    expect((await invite(token, { email: 'not an address', role: 'editor' })).status).toBe(400);
    expect((await invite(undefined, { email: bob.email, role: 'editor' })).status).toBe(401);
    expect((await invite(token, { email: bob.email, role: 'editor' }, 'inbox')).status).toBe(403);
    expect((await invite(token, { email: bob.email, role: 'editor' }, 'no-such-list')).status).toBe(404);
    expect((await invite(token, TOO_LARGE)).status).toBe(413);

    expect((await call(server, 'get', '/api/lists/{id}/invitations', { token, params })).status).toBe(200);
    expect((await call(server, 'get', '/api/lists/{id}/invitations', { token, params: { id: 'not.an.id' } })).status).toBe(400);
    expect((await call(server, 'get', '/api/lists/{id}/invitations', { params })).status).toBe(401);
    expect((await call(server, 'get', '/api/lists/{id}/invitations', { token: carol.accessToken, params })).status).toBe(404);

    expect((await call(server, 'get', '/api/invitations', { token: bob.accessToken })).body.invitations).toHaveLength(1);
    expect((await call(server, 'get', '/api/invitations')).status).toBe(401);
    const accept = (as: string | undefined, invitationId: string) =>
      call(server, 'post', '/api/invitations/{invitationId}/accept', { ...(as ? { token: as } : {}), params: { invitationId } });
    expect((await accept(carol.accessToken, toBob.body.id as string)).status).toBe(404);
    expect((await accept(bob.accessToken, 'not-a-uuid')).status).toBe(400);
    expect((await accept(undefined, toBob.body.id as string)).status).toBe(401);
    expect((await accept(bob.accessToken, toBob.body.id as string)).status).toBe(200);
    expect((await invite(token, { email: bob.email, role: 'viewer' })).status).toBe(409);
    expect((await invite(bob.accessToken, { email: carol.email, role: 'viewer' })).status).toBe(403);
    expect((await call(server, 'get', '/api/lists/{id}/invitations', { token: bob.accessToken, params })).status).toBe(403);

    // a list whose task has an id carol already holds: her accept is 409
    const clashList = (await call(server, 'post', '/api/lists', { token, body: { name: 'Clash' } })).body.id as string;
    const carolTask = (await call(server, 'post', '/api/tasks', { token: carol.accessToken, body: { title: 'Mine' } })).body.id as string;
    expect((await call(server, 'post', '/api/tasks', { token, body: { id: carolTask, title: 'Same id', listId: clashList } })).status).toBe(
      201,
    );
    const toCarol = await invite(token, { email: carol.email, role: 'viewer' }, clashList);
    expect((await accept(carol.accessToken, toCarol.body.id as string)).status).toBe(409);
    const decline = (as: string | undefined, invitationId: string) =>
      call(server, 'post', '/api/invitations/{invitationId}/decline', { ...(as ? { token: as } : {}), params: { invitationId } });
    expect((await decline(bob.accessToken, toCarol.body.id as string)).status).toBe(404);
    expect((await decline(carol.accessToken, 'not-a-uuid')).status).toBe(400);
    expect((await decline(undefined, toCarol.body.id as string)).status).toBe(401);
    expect((await decline(carol.accessToken, toCarol.body.id as string)).status).toBe(204);

    const pending = await invite(token, { email: 'someone@example.com', role: 'viewer' });
    const withdraw = (as: string | undefined, id: string, invitationId: string) =>
      call(server, 'delete', '/api/lists/{id}/invitations/{invitationId}', { ...(as ? { token: as } : {}), params: { id, invitationId } });
    expect((await withdraw(bob.accessToken, listId, pending.body.id as string)).status).toBe(403);
    expect((await withdraw(token, listId, 'not-a-uuid')).status).toBe(400);
    expect((await withdraw(undefined, listId, pending.body.id as string)).status).toBe(401);
    expect((await withdraw(token, listId, randomUUID())).status).toBe(404);
    expect((await withdraw(token, listId, pending.body.id as string)).status).toBe(204);

    expect((await call(server, 'get', '/api/lists/{id}/members', { token: bob.accessToken, params })).status).toBe(200);
    expect((await call(server, 'get', '/api/lists/{id}/members', { token, params: { id: 'not.an.id' } })).status).toBe(400);
    expect((await call(server, 'get', '/api/lists/{id}/members', { params })).status).toBe(401);
    expect((await call(server, 'get', '/api/lists/{id}/members', { token: carol.accessToken, params })).status).toBe(404);

    const member = (userId: string) => ({ id: listId, userId });
    const patch = (as: string | undefined, userId: string, body: unknown) =>
      call(server, 'patch', '/api/lists/{id}/members/{userId}', { ...(as ? { token: as } : {}), params: member(userId), body });
    expect((await patch(token, bob.id, { role: 'viewer' })).status).toBe(200);
    expect((await patch(token, bob.id, { role: 'owner' })).status).toBe(400);
    expect((await patch(undefined, bob.id, { role: 'viewer' })).status).toBe(401);
    expect((await patch(bob.accessToken, bob.id, { role: 'editor' })).status).toBe(403);
    expect((await patch(token, carol.id, { role: 'viewer' })).status).toBe(404);
    expect((await patch(token, bob.id, TOO_LARGE)).status).toBe(413);

    expect((await call(server, 'get', '/api/memberships', { token: bob.accessToken })).body.lists).toHaveLength(1);
    expect((await call(server, 'get', '/api/memberships')).status).toBe(401);

    const transfer = (as: string | undefined, body: unknown, id = listId) =>
      call(server, 'post', '/api/lists/{id}/owner', { ...(as ? { token: as } : {}), params: { id }, body });
    expect((await transfer(token, { userId: 'x' })).status).toBe(400);
    expect((await transfer(undefined, { userId: bob.id })).status).toBe(401);
    expect((await transfer(bob.accessToken, { userId: bob.id })).status).toBe(403);
    expect((await transfer(token, { userId: carol.id })).status).toBe(404);
    expect((await transfer(token, TOO_LARGE)).status).toBe(413);

    const remove = (as: string | undefined, userId: string) =>
      call(server, 'delete', '/api/lists/{id}/members/{userId}', { ...(as ? { token: as } : {}), params: member(userId) });
    expect((await remove(bob.accessToken, alice.id)).status).toBe(403);
    expect((await remove(token, alice.id)).status).toBe(409);
    expect((await remove(token, 'not-a-uuid')).status).toBe(400);
    expect((await remove(undefined, bob.id)).status).toBe(401);
    expect((await remove(token, carol.id)).status).toBe(404);
    expect((await transfer(token, { userId: bob.id })).status).toBe(200);
    expect((await remove(alice.accessToken, alice.id)).status).toBe(204);
  });

  it('[EX1] [EX4] export and import routes: every answer matches', async () => {
    const token = alice.accessToken;
    await call(server, 'post', '/api/tasks', { token, body: { title: 'Export me', tags: ['docs'] } });
    const exported = await call(server, 'get', '/api/export', { token });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename=tasklane-export-\d{4}-\d{2}-\d{2}\.json$/);
    const csv = await call(server, 'get', '/api/export', { token, query: 'format=csv' });
    expect(csv.status).toBe(200);
    expect(csv.text).toMatch(/^"id","title"/); // fetch decodes the byte order mark away
    expect((await call(server, 'get', '/api/export', { token, query: 'format=xml' })).status).toBe(400);
    expect((await call(server, 'get', '/api/export')).status).toBe(401);

    const imported = await call(server, 'post', '/api/import', { token, body: exported.body });
    const documents = (exported.body.tasks as unknown[]).length + (exported.body.lists as unknown[]).length;
    expect(imported.body).toEqual({ created: 0, updated: 0, unchanged: documents });
    expect((await call(server, 'post', '/api/import', { token, body: { ...exported.body, version: 3 } })).status).toBe(400);
    const version1 = { format: 'tasklane-export', version: 1, exportedAt: exported.body.exportedAt, tasks: [] };
    expect((await call(server, 'post', '/api/import', { token, body: version1 })).body).toEqual({ created: 0, updated: 0, unchanged: 0 });
    expect((await call(server, 'post', '/api/import', { body: exported.body })).status).toBe(401);
    const oversized = { ...exported.body, tasks: [{ title: 'x'.repeat(9 * 1024 * 1024) }] };
    expect((await call(server, 'post', '/api/import', { token, body: oversized })).status).toBe(413);
  });

  it('[NT1] [NT2] [NT6] [NT15] reminder routes: every answer matches', async () => {
    const withPush = await startTestServer({ reminders: { vapid: TEST_VAPID } });
    try {
      const user = await registerUser(withPush.url);
      const token = user.accessToken;
      expect((await call(withPush, 'get', '/api/push-config')).body).toEqual({ vapidPublicKey: TEST_VAPID.publicKey });
      const body = pushSubscriptionBody();
      expect((await call(withPush, 'post', '/api/push-subscriptions', { token, body })).status).toBe(201);
      expect((await call(withPush, 'post', '/api/push-subscriptions', { token, body: { endpoint: 'http://x' } })).status).toBe(400);
      const other = await registerUser(withPush.url);
      const otherKeys = { ...pushSubscriptionBody(), endpoint: body.endpoint };
      expect((await call(withPush, 'post', '/api/push-subscriptions', { token: other.accessToken, body: otherKeys })).status).toBe(409);
      expect((await call(withPush, 'post', '/api/push-subscriptions', { body })).status).toBe(401);
      expect((await call(withPush, 'post', '/api/push-subscriptions', { token, body: TOO_LARGE })).status).toBe(413);
      expect((await call(server, 'post', '/api/push-subscriptions', { token: alice.accessToken, body })).status).toBe(501);
      expect((await call(withPush, 'delete', '/api/push-subscriptions', { token, body: { endpoint: body.endpoint } })).status).toBe(204);
      expect((await call(withPush, 'delete', '/api/push-subscriptions', { token, body: {} })).status).toBe(400);
      expect((await call(withPush, 'delete', '/api/push-subscriptions', { body: { endpoint: body.endpoint } })).status).toBe(401);
      expect((await call(withPush, 'delete', '/api/push-subscriptions', { token, body: TOO_LARGE })).status).toBe(413);

      const task = await call(withPush, 'post', '/api/tasks', { token, body: { title: 'Remind me' } });
      const tokens = createActionTokens(TEST_TOKEN_SECRETS.accessSecret);
      const claims = { userId: user.id, taskId: String(task.body.id), occurrence: 0 };
      const { passwordHash } = (await withPush.store.findUserById(user.id))!;
      const doneOnly = tokens.issue({ ...claims, actions: ['done'] }, passwordHash);
      expect((await call(withPush, 'post', '/api/reminder-actions', { body: { token: doneOnly, action: 'done' } })).status).toBe(204);
      expect((await call(withPush, 'post', '/api/reminder-actions', { body: { token: doneOnly, action: 'snooze' } })).status).toBe(403);
      expect((await call(withPush, 'post', '/api/reminder-actions', { body: { token: doneOnly, action: 'later' } })).status).toBe(400);
      expect((await call(withPush, 'post', '/api/reminder-actions', { body: { token, action: 'done' } })).status).toBe(401);
      expect((await call(withPush, 'post', '/api/reminder-actions', { body: TOO_LARGE })).status).toBe(413);
      const missing = tokens.issue({ ...claims, taskId: 'no-such-task', actions: ['done'] }, passwordHash);
      expect((await call(withPush, 'post', '/api/reminder-actions', { body: { token: missing, action: 'done' } })).status).toBe(404);
    } finally {
      await withPush.close();
    }
  });

  it('[AC1] [AC3] [AC5] [AC6] [AC7] [AC8] account routes: every answer matches', async () => {
    const inbox = await startSmtpInbox();
    const withMail = await startTestServer({
      email: {
        transport: { kind: 'smtp', url: inbox.url, from: 'Tasklane <no-reply@tasks.example.com>' },
        publicUrl: 'https://tasks.example.com',
        perAddressPerHour: 1,
      },
    });
    try {
      const user = await registerUser(withMail.url);
      const signUpToken = linkToken(await inbox.next(user.email), 'verify');
      let token = user.accessToken;
      const signIn = async (password: string) => {
        const signedIn = await call(withMail, 'post', '/api/auth/login', { body: { email: user.email, password } });
        expect(signedIn.status).toBe(200);
        return String(signedIn.body.accessToken);
      };

      // Verification: resend (one mail per address and IP here), then the link.
      expect((await call(withMail, 'post', '/api/auth/verify-email/resend', { token })).status).toBe(202);
      expect(linkToken(await inbox.next(user.email), 'verify')).not.toBe(signUpToken);
      expect((await call(withMail, 'post', '/api/auth/verify-email/resend', { token, body: {} })).status).toBe(429);
      expect((await call(withMail, 'post', '/api/auth/verify-email/resend', { token, body: { again: true } })).status).toBe(400);
      expect((await call(withMail, 'post', '/api/auth/verify-email/resend', { token, body: TOO_LARGE })).status).toBe(413);
      expect((await call(withMail, 'post', '/api/auth/verify-email/resend')).status).toBe(401);
      expect((await call(server, 'post', '/api/auth/verify-email/resend', { token: alice.accessToken })).status).toBe(503);
      expect((await call(withMail, 'post', '/api/auth/verify-email', { body: { token: signUpToken } })).status).toBe(204);
      expect((await call(withMail, 'post', '/api/auth/verify-email', { body: { token: signUpToken } })).status).toBe(401);
      expect((await call(withMail, 'post', '/api/auth/verify-email', { body: { token: '' } })).status).toBe(400);
      expect((await call(withMail, 'post', '/api/auth/verify-email', { body: TOO_LARGE })).status).toBe(413);
      expect((await call(withMail, 'post', '/api/auth/verify-email/resend', { token })).status).toBe(409);
      expect((await call(withMail, 'get', '/api/account', { token })).body).toEqual({
        user: { id: user.id, email: user.email },
        emailVerified: true,
      });
      expect((await call(withMail, 'get', '/api/account')).status).toBe(401);

      // Password reset.
      expect((await call(withMail, 'post', '/api/auth/password-reset', { body: { email: user.email } })).status).toBe(202);
      const resetToken = linkToken(await inbox.next(user.email), 'reset');
      expect((await call(withMail, 'post', '/api/auth/password-reset', { body: { email: 'not an email' } })).status).toBe(400);
      expect((await call(withMail, 'post', '/api/auth/password-reset', { body: TOO_LARGE })).status).toBe(413);
      expect((await call(server, 'post', '/api/auth/password-reset', { body: { email: user.email } })).status).toBe(503);
      const confirm = '/api/auth/password-reset/confirm';
      expect((await call(withMail, 'post', confirm, { body: { token: resetToken, password: 'short' } })).status).toBe(400);
      expect((await call(withMail, 'post', confirm, { body: TOO_LARGE })).status).toBe(413);
      expect((await call(withMail, 'post', confirm, { body: { token: resetToken, password: 'reset password one' } })).status).toBe(204);
      expect((await call(withMail, 'post', confirm, { body: { token: resetToken, password: 'reset password two' } })).status).toBe(401);
      expect((await call(withMail, 'get', '/api/account', { token })).status).toBe(401);
      token = await signIn('reset password one');

      // Change password, sign out everywhere.
      const change = (currentPassword: string) => ({ token, body: { currentPassword, newPassword: 'changed password' } });
      expect((await call(withMail, 'post', '/api/auth/password', change('wrong password'))).status).toBe(403);
      expect((await call(withMail, 'post', '/api/auth/password', { token, body: {} })).status).toBe(400);
      expect((await call(withMail, 'post', '/api/auth/password', { token, body: TOO_LARGE })).status).toBe(413);
      expect((await call(withMail, 'post', '/api/auth/password', { body: change('reset password one').body })).status).toBe(401);
      expect((await call(withMail, 'post', '/api/auth/password', change('reset password one'))).status).toBe(204);
      expect((await call(withMail, 'post', '/api/auth/logout-all', { token, body: { everywhere: true } })).status).toBe(400);
      expect((await call(withMail, 'post', '/api/auth/logout-all', { token, body: TOO_LARGE })).status).toBe(413);
      const everywhere = await call(withMail, 'post', '/api/auth/logout-all', { token });
      expect(everywhere.status).toBe(204);
      expect(everywhere.headers.get('set-cookie')).toMatch(/^__Host-tasklane_refresh=;/);
      expect((await call(withMail, 'post', '/api/auth/logout-all', { token })).status).toBe(401);
      token = await signIn('changed password');

      // Deletion.
      expect((await call(withMail, 'delete', '/api/account', { token, body: { password: 'wrong password' } })).status).toBe(403);
      expect((await call(withMail, 'delete', '/api/account', { token, body: {} })).status).toBe(400);
      expect((await call(withMail, 'delete', '/api/account', { token, body: TOO_LARGE })).status).toBe(413);
      expect((await call(withMail, 'delete', '/api/account', { body: { password: 'changed password' } })).status).toBe(401);
      const deleted = await call(withMail, 'delete', '/api/account', { token, body: { password: 'changed password' } });
      expect(deleted.status).toBe(204);
      expect(deleted.headers.get('set-cookie')).toMatch(/^__Host-tasklane_refresh=;/);
      expect((await call(withMail, 'get', '/api/account', { token })).status).toBe(401);
    } finally {
      await withMail.close();
      await inbox.close();
    }
  });

  it('429 RATE_LIMITED on every rate-limited route', async () => {
    const limited = await startTestServer({ rateLimits: { authPerMinute: 1, apiPerMinute: 1, socketPer10Seconds: 100 } });
    try {
      const user = await registerUser(limited.url);
      const token = user.accessToken;
      const credentials = { email: user.email, password: user.password };
      expect((await call(limited, 'post', '/api/auth/register', { body: credentials })).status).toBe(429);
      expect((await call(limited, 'post', '/api/auth/login', { body: credentials })).status).toBe(429);
      const refused = await call(limited, 'post', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await call(limited, 'post', '/api/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(429);
      expect((await call(limited, 'post', '/api/auth/password-reset', { body: { email: user.email } })).status).toBe(429);
      const linkBody = { token: 'x'.repeat(43), password: 'a new password' };
      expect((await call(limited, 'post', '/api/auth/password-reset/confirm', { body: linkBody })).status).toBe(429);
      expect((await call(limited, 'post', '/api/auth/verify-email', { body: { token: linkBody.token } })).status).toBe(429);
      expect((await call(limited, 'post', '/api/auth/verify-email/resend', { token })).status).toBe(429);
      const change = { currentPassword: user.password, newPassword: 'a new password' };
      expect((await call(limited, 'post', '/api/auth/password', { token, body: change })).status).toBe(429);
      expect((await call(limited, 'post', '/api/auth/logout-all', { token })).status).toBe(429);

      expect((await call(limited, 'get', '/api/tasks', { token })).status).toBe(200);
      expect((await call(limited, 'get', '/api/tasks', { token })).status).toBe(429);
      expect((await call(limited, 'post', '/api/tasks', { token, body: { title: 'x' } })).status).toBe(429);
      for (const method of ['get', 'patch', 'delete'] as const) {
        const body = method === 'patch' ? { title: 'x' } : undefined;
        expect((await call(limited, method, '/api/tasks/{id}', { token, params: { id: 'any' }, body })).status).toBe(429);
      }
      expect((await call(limited, 'get', '/api/lists', { token })).status).toBe(429);
      expect((await call(limited, 'get', '/api/account', { token })).status).toBe(429);
      expect((await call(limited, 'delete', '/api/account', { token, body: { password: user.password } })).status).toBe(429);
      expect((await call(limited, 'post', '/api/lists', { token, body: { name: 'x' } })).status).toBe(429);
      for (const method of ['get', 'patch', 'delete'] as const) {
        const body = method === 'patch' ? { name: 'x' } : undefined;
        const query = method === 'delete' ? 'tasks=delete' : undefined;
        expect((await call(limited, method, '/api/lists/{id}', { token, params: { id: 'any' }, body, query })).status).toBe(429);
      }
      expect((await call(limited, 'get', '/api/export', { token })).status).toBe(429);
      expect((await call(limited, 'post', '/api/import', { token, body: { format: 'tasklane-export' } })).status).toBe(429);
      for (const method of ['post', 'delete'] as const) {
        expect(
          (await call(limited, method, '/api/push-subscriptions', { token, body: { endpoint: 'https://push.example.com/1' } })).status,
        ).toBe(429);
      }
      expect((await call(limited, 'post', '/api/reminder-actions', { body: { token: 'x', action: 'done' } })).status).toBe(429);
      for (const [method, template, options] of sharingRequests(token, randomUUID())) {
        expect((await call(limited, method, template, options)).status).toBe(429);
      }
    } finally {
      await limited.close();
    }
  });

  it('500 INTERNAL and 503 UNAVAILABLE on every route that reaches the store, and /ready 503', async () => {
    const dataDir = makeTempDir('failing-store');
    const failing = failingOnDemand(createEmbeddedStore({ dataDir: dataDir.dir }));
    const mailLimiters = mailLimitersFailingOnDemand();
    const broken = await startTestServer({
      store: failing.store,
      rateLimiterFactory: mailLimiters.factory,
      email: {
        transport: { kind: 'outbox', dir: path.join(dataDir.dir, 'outbox'), from: 'Tasklane <no-reply@localhost>' },
        publicUrl: undefined,
        perAddressPerHour: 5,
      },
      extraReadinessChecks: [{ name: 'broken', check: () => Promise.reject(new Error('down')) }],
      reminders: { vapid: TEST_VAPID },
    });
    try {
      const user = await registerUser(broken.url);
      const { accessToken: token, refreshToken } = user;
      const credentials = { email: user.email, password: user.password };
      const actionToken = createActionTokens(TEST_TOKEN_SECRETS.accessSecret).issue(
        {
          userId: user.id,
          taskId: 'any',
          occurrence: 0,
          actions: ['done'],
        },
        'any password hash',
      );
      const requests: Array<[Method, string, Call]> = [
        ['post', '/api/push-subscriptions', { token, body: pushSubscriptionBody() }],
        ['delete', '/api/push-subscriptions', { token, body: { endpoint: 'https://push.example.com/1' } }],
        ['post', '/api/reminder-actions', { body: { token: actionToken, action: 'done' } }],
        ['post', '/api/auth/register', { body: { email: `other-${Date.now()}@example.com`, password: 'long enough' } }],
        ['post', '/api/auth/login', { body: credentials }],
        ['post', '/api/auth/refresh', { body: { refreshToken } }],
        ['post', '/api/auth/logout', { body: { refreshToken } }],
        ['post', '/api/auth/password-reset/confirm', { body: { token: 'x'.repeat(43), password: 'a new password' } }],
        ['post', '/api/auth/verify-email', { body: { token: 'x'.repeat(43) } }],
        ['post', '/api/auth/verify-email/resend', { token }],
        ['post', '/api/auth/password', { token, body: { currentPassword: user.password, newPassword: 'a new password' } }],
        ['post', '/api/auth/logout-all', { token }],
        ['get', '/api/account', { token }],
        ['delete', '/api/account', { token, body: { password: user.password } }],
        ['get', '/api/tasks', { token }],
        ['post', '/api/tasks', { token, body: { title: 'x' } }],
        ['get', '/api/tasks/{id}', { token, params: { id: 'any' } }],
        ['patch', '/api/tasks/{id}', { token, params: { id: 'any' }, body: { title: 'x' } }],
        ['delete', '/api/tasks/{id}', { token, params: { id: 'any' } }],
        ['get', '/api/lists', { token }],
        ['post', '/api/lists', { token, body: { name: 'x' } }],
        ['get', '/api/lists/{id}', { token, params: { id: 'any' } }],
        ['patch', '/api/lists/{id}', { token, params: { id: 'any' }, body: { name: 'x' } }],
        ['delete', '/api/lists/{id}', { token, params: { id: 'any' }, query: 'tasks=delete' }],
        ...sharingRequests(token, user.id),
        ['get', '/api/export', { token }],
        [
          'post',
          '/api/import',
          { token, body: { format: 'tasklane-export', version: 2, exportedAt: new Date().toISOString(), lists: [], tasks: [] } },
        ],
      ];
      const failures = [
        [new Error('the disk is on fire'), 500],
        [new ProtocolError('UNAVAILABLE', 'the database is unreachable; retry shortly', { retryAfterMs: 1000 }), 503],
      ] as const;
      for (const [error, status] of failures) {
        failing.fail(error);
        for (const [method, template, options] of requests) expect((await call(broken, method, template, options)).status).toBe(status);
      }
      failing.fail(undefined);
      // [AC1] Answered before any store call: only an unexpected fault (here in a mail limiter) fails a reset request.
      mailLimiters.fail(new Error('the limiter is on fire'));
      expect((await call(broken, 'post', '/api/auth/password-reset', { body: { email: user.email } })).status).toBe(500);
      mailLimiters.fail(undefined);
      const ready = await call(broken, 'get', '/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.failed).toEqual(['broken']);
    } finally {
      failing.fail(undefined);
      mailLimiters.fail(undefined);
      await broken.close();
      dataDir.remove();
    }
  });

  it('every documented response was provoked above', () => {
    const documented = Object.entries(document.paths as Record<string, Json>).flatMap(([template, operations]) =>
      Object.keys(operations).flatMap((method) =>
        Object.keys(at(operations, method, 'responses') as Json).map((status) => `${method} ${template} ${status}`),
      ),
    );
    const unproven = documented.filter((response) => !proven.has(response) && !(response in NOT_PROVOKED));
    expect(unproven).toEqual([]);
  });
});
