import { api } from '@tasklane/testkit/api-client';
import { waitFor } from '@tasklane/testkit/sync-socket';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a GraphQL answer's JSON: tests read the fields they assert on
export type GraphqlAnswer = { status: number; body: any; headers: Headers };

/** A GraphQL request over POST /graphql, signed in with `token` when one is given. */
export const gql = (
  server: { url: string },
  token: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphqlAnswer> => api(server.url, 'POST', '/graphql', { ...(token ? { token } : {}), body: { query, variables } });

/** An SSE subscription read as a client would: every `next` payload, in order, and whether the stream has ended. */
export async function subscribeSse(server: { url: string }, token: string, query: string) {
  const aborter = new AbortController();
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query }),
    signal: aborter.signal,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- event payloads as sent
  const events: any[] = [];
  const state = { ended: false };
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const reading = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          if (/^event: next$/m.test(block) && data) events.push(JSON.parse(data));
        }
      }
    } catch {
      // aborted by close()
    } finally {
      state.ended = true;
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    accelBuffering: response.headers.get('x-accel-buffering'),
    events,
    state,
    async close() {
      aborter.abort();
      await reading;
    },
  };
}

export type SseSubscription = Awaited<ReturnType<typeof subscribeSse>>;

/**
 * Writes tasks with `token` on `server` until `heard()` says the subscription has heard one: from then on it is live
 * (a subscription hears nothing written before it was).
 */
export async function untilLive(
  server: { url: string },
  token: string,
  heard: () => boolean,
  { timeoutMs = 5000, what = 'the subscription to hear a write' }: { timeoutMs?: number; what?: string } = {},
): Promise<void> {
  await waitFor(
    async () => {
      await api(server.url, 'POST', '/api/tasks', { token, body: { title: 'ping' } });
      return heard();
    },
    timeoutMs,
    what,
  );
}
