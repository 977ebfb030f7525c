import { createECDH, createPublicKey, randomBytes, randomUUID, verify, type ECDH } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { decrypt } from 'http_ece';

/** A subscription as a browser holds it: the keys to decrypt with, and its `toJSON()` for the server. */
export type FakeSubscription = {
  id: string;
  endpoint: string;
  privateKey: ECDH;
  authSecret: string;
  toJSON(): { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
};

/** One push request the service accepted, checked and decrypted. */
export type ReceivedPush = { subscriptionId: string; payload: unknown; ttl: number; status: number };

/**
 * How the service answers a subscription's next request: a status; `hold` (never answer: a delivery in flight);
 * `trickle-headers` (a status line, then one header line every 100 ms, forever); `trickle-body` (201 at once, then its
 * body one byte every 100 ms, forever): hostile services that an idle timeout never cuts off.
 */
export type Answer = number | 'hold' | 'trickle-headers' | 'trickle-body';

type Pending = { resolve: () => void };

function base64urlJson(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * Checks a Web Push request as a push service does (RFC 8292 VAPID): `Authorization: vapid t=<JWT>, k=<key>` with an
 * ES256 JWT signed by `k` for this origin, not expired, with a subject; `k` is the server's VAPID public key.
 */
function vapidProblem(authorization: string | undefined, origin: string, expectedKey: string | null): string | null {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) return 'no vapid Authorization header';
  const [, jwt, key] = match as unknown as [string, string, string];
  if (expectedKey !== null && key !== expectedKey) return 'k is not the server VAPID key';
  const [header, claims, signature] = jwt.split('.') as [string, string, string];
  if (base64urlJson(header).alg !== 'ES256') return 'JWT is not ES256';
  const point = Buffer.from(key, 'base64url');
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${header}.${claims}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) return 'JWT signature does not verify';
  const payload = base64urlJson(claims);
  if (payload.aud !== origin) return `JWT aud ${String(payload.aud)} is not ${origin}`;
  if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now()) return 'JWT expired';
  if (typeof payload.sub !== 'string' || !/^(mailto:|https:)/.test(payload.sub)) return 'JWT has no subject';
  return null;
}

export type FakePushService = {
  origin: string;
  /** The CA file to trust (NODE_EXTRA_CA_CERTS for child processes, `ca` in this one). */
  caFile: string;
  received: ReceivedPush[];
  /** Requests refused: their reason (a bad VAPID header, an undecryptable body). */
  refused: string[];
  subscribe(): FakeSubscription;
  /** The answers to give this subscription's next requests, in order; then 201. */
  answer(subscription: FakeSubscription, ...answers: Answer[]): void;
  /** Resolves when a request is being held (a delivery in flight). */
  held(): Promise<void>;
  setVapidKey(key: string): void;
  close(): Promise<void>;
};

/** A local HTTPS push service with a throwaway certificate for 127.0.0.1; subscriptions at `https://127.0.0.1:<port>/push/<id>`. */
export async function startFakePushService(dir: string): Promise<FakePushService> {
  const keyFile = path.join(dir, 'push-key.pem');
  const caFile = path.join(dir, 'push-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      caFile,
    ],
    { stdio: 'ignore' },
  );
  const subscriptions = new Map<string, FakeSubscription>();
  const answers = new Map<string, Answer[]>();
  const received: ReceivedPush[] = [];
  const refused: string[] = [];
  const heldRequests: Pending[] = [];
  const heldWaiters: (() => void)[] = [];
  let vapidKey: string | null = null;
  let origin = '';

  const server = https.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(caFile) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const id = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1];
      const subscription = id === undefined ? undefined : subscriptions.get(id);
      if (req.method !== 'POST' || !subscription) {
        res.writeHead(404).end();
        return;
      }
      const refuse = (reason: string, status: number) => {
        refused.push(reason);
        res.writeHead(status).end(reason);
      };
      const problem = vapidProblem(req.headers.authorization, origin, vapidKey);
      if (problem) return refuse(problem, 403);
      if (req.headers['content-encoding'] !== 'aes128gcm') return refuse('content-encoding is not aes128gcm', 400);
      let payload: unknown;
      try {
        payload = JSON.parse(
          decrypt(Buffer.concat(chunks), {
            version: 'aes128gcm',
            privateKey: subscription.privateKey,
            authSecret: subscription.authSecret,
          }).toString('utf8'),
        );
      } catch (error) {
        return refuse(`payload does not decrypt: ${String(error)}`, 400);
      }
      const next = answers.get(subscription.id)?.shift() ?? 201;
      if (next === 'hold') {
        heldRequests.push({ resolve: () => res.destroy() });
        heldWaiters.splice(0).forEach((wake) => wake());
        return;
      }
      if (next === 'trickle-headers') {
        const socket = res.socket!;
        socket.write('HTTP/1.1 201 Created\r\n');
        const timer = setInterval(() => socket.write('x-slow: a\r\n'), 100);
        socket.once('close', () => clearInterval(timer));
        return;
      }
      if (next === 'trickle-body') {
        received.push({ subscriptionId: subscription.id, payload, ttl: Number(req.headers.ttl), status: 201 });
        res.writeHead(201, { 'content-type': 'text/plain' });
        const timer = setInterval(() => res.write('x'), 100);
        res.once('close', () => clearInterval(timer));
        return;
      }
      received.push({ subscriptionId: subscription.id, payload, ttl: Number(req.headers.ttl), status: next });
      res.writeHead(next).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    caFile,
    received,
    refused,
    subscribe() {
      const id = randomUUID();
      const privateKey = createECDH('prime256v1');
      privateKey.generateKeys();
      const authSecret = randomBytes(16).toString('base64url');
      const endpoint = `${origin}/push/${id}`;
      const subscription: FakeSubscription = {
        id,
        endpoint,
        privateKey,
        authSecret,
        toJSON: () => ({
          endpoint,
          expirationTime: null,
          keys: { p256dh: privateKey.getPublicKey().toString('base64url'), auth: authSecret },
        }),
      };
      subscriptions.set(id, subscription);
      return subscription;
    },
    answer(subscription, ...given) {
      answers.set(subscription.id, [...(answers.get(subscription.id) ?? []), ...given]);
    },
    held: () => (heldRequests.length > 0 ? Promise.resolve() : new Promise((resolve) => heldWaiters.push(resolve))),
    setVapidKey(key) {
      vapidKey = key;
    },
    async close() {
      heldRequests.forEach((held) => held.resolve());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
