import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import webpush from 'web-push';
import type { PushSubscriptionRecord } from '../store/reminder-store';
import { hostOf, isBlockedAddress, publicOnlyLookup } from './endpoint-address';
import { endpointHostProblem } from './endpoint-hosts';
import { postPush } from './push-request';
import type { VapidKeys } from './vapid-keys';

/** What the push service made of one message ([NT11]–[NT13], [NT17], [NT18]). */
export type SendOutcome =
  | { kind: 'accepted'; status: number }
  | { kind: 'gone'; status: number }
  /** The subscription can never be sent to (blocked address, unknown host, a key that does not encrypt): delete it. */
  | { kind: 'unusable'; reason: string }
  | { kind: 'retry'; status: number | null; retryAfterMs: number | null }
  /** `strike`: a 400, 401 or 403, which says the subscription itself is bad; several in a row delete it ([NT17]). */
  | { kind: 'rejected'; status: number; strike: boolean };

export type PushSender = {
  send(subscription: PushSubscriptionRecord, payload: string, ttlSeconds: number): Promise<SendOutcome>;
  close(): void;
};

export type PushSenderOptions = {
  vapid: VapidKeys;
  /** [NT3] [NT17] Production sends only to known push-service hosts on port 443, never to a blocked address. */
  production: boolean;
  /** [NT17] `PUSH_ENDPOINT_HOSTS` (production only). */
  endpointHosts: readonly string[];
  /** [NT11] The hard deadline of one push; kept well inside the delivery lease, so a send never outlives its claim. */
  timeoutMs: number;
  /** Tests only: the certificate of a local push service (processes are given NODE_EXTRA_CA_CERTS instead). */
  ca?: Buffer;
};

function retryAfterMs(headers: IncomingHttpHeaders): number | null {
  const value = headers['retry-after'];
  if (typeof value !== 'string') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function classify(status: number, headers: IncomingHttpHeaders): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'accepted', status };
  if (status === 404 || status === 410) return { kind: 'gone', status };
  if (status === 429 || status >= 500) return { kind: 'retry', status, retryAfterMs: retryAfterMs(headers) };
  return { kind: 'rejected', status, strike: status === 400 || status === 401 || status === 403 };
}

/**
 * Sends Web Push (aes128gcm, VAPID): `web-push` builds and encrypts the request, this module sends it ([NT11]) and
 * classifies the answer: accepted, gone (404/410), unusable, retry (429, 5xx, no answer by the deadline), rejected.
 */
export function createPushSender(options: PushSenderOptions): PushSender {
  const agent = new https.Agent({
    keepAlive: true,
    ...(options.production ? { lookup: publicOnlyLookup } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
  });
  const vapidDetails = { subject: options.vapid.subject, publicKey: options.vapid.publicKey, privateKey: options.vapid.privateKey };

  function productionProblem(endpoint: URL): string | null {
    const hostProblem = endpointHostProblem(endpoint, options.endpointHosts);
    if (hostProblem) return hostProblem;
    const host = hostOf(endpoint);
    // An address literal is never looked up, so the agent's lookup cannot check it.
    return net.isIP(host) !== 0 && isBlockedAddress(host) ? 'endpoint points to a blocked address' : null;
  }

  return {
    async send(subscription, payload, ttlSeconds) {
      if (options.production) {
        const problem = productionProblem(new URL(subscription.endpoint));
        if (problem) return { kind: 'unusable', reason: problem };
      }
      let details: webpush.RequestDetails;
      try {
        details = webpush.generateRequestDetails(
          { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
          payload,
          { vapidDetails, TTL: ttlSeconds, urgency: 'high', contentEncoding: 'aes128gcm' },
        );
      } catch {
        // [NT18] The VAPID keys were checked at start-up: what fails here is the subscription's key, and will fail every time.
        return { kind: 'unusable', reason: 'the subscription key does not encrypt' };
      }
      try {
        const response = await postPush(details, agent, options.timeoutMs);
        return classify(response.status, response.headers);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EBLOCKEDADDRESS') return { kind: 'unusable', reason: 'endpoint resolves to a blocked address' };
        // Unreachable, reset, or past the deadline: try again later.
        return { kind: 'retry', status: null, retryAfterMs: null };
      }
    },
    close: () => agent.destroy(),
  };
}
