import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { RequestDetails } from 'web-push';

/** [NT11] Of a push service's answer body, at most this much is read; the rest is discarded with the connection. */
export const MAX_PUSH_RESPONSE_BYTES = 4096;

export type PushResponse = { status: number; headers: IncomingHttpHeaders };

/**
 * [NT11] Posts one encrypted push (`webpush.generateRequestDetails`) with a hard deadline over the whole exchange, not an
 * idle timeout: a push service that trickles its status line, headers or body byte by byte is cut off at `deadlineMs`
 * (an `AbortError`). The answer counts once its status line and headers are in; its body is read up to
 * MAX_PUSH_RESPONSE_BYTES in the background and never held (a larger or endless one closes the connection). Redirects
 * are not followed (`https.request` never does): a 3xx is an answer like any other.
 */
export function postPush(details: RequestDetails, agent: https.Agent, deadlineMs: number): Promise<PushResponse> {
  const signal = AbortSignal.timeout(deadlineMs);
  return new Promise<PushResponse>((resolve, reject) => {
    const request = https.request(details.endpoint, { method: details.method, headers: details.headers, agent }, (response) => {
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_PUSH_RESPONSE_BYTES) response.destroy();
      });
      // An abort or a reset while the body is still coming changes nothing: the answer is in.
      response.on('error', () => undefined);
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
    });
    // Not the `signal` option: that stops watching once the request body is written, and the answer could then trickle on.
    const abort = () => request.destroy(signal.reason as Error);
    signal.addEventListener('abort', abort, { once: true });
    request.once('close', () => signal.removeEventListener('abort', abort));
    request.on('error', reject);
    request.end(details.body ?? undefined);
  });
}
