import fs from 'node:fs';
import path from 'node:path';
import type { AuthResult } from '@tasklane/shared/domain/auth-responses';
import { api, type ApiResponse } from '@tasklane/testkit/api-client';
import { linkToken, parseMail } from '@tasklane/testkit/smtp-inbox';
import type { ChaosUser } from './chaos-device';
import type { SeededRandom } from './seeded-random';
import type { ServerFleet } from './server-fleet';

/** An answer, or `lost` when no answer came (the instance died under the request): the write may or may not be done. */
export type ActorAnswer = ApiResponse | 'lost';

/**
 * A person using the REST API directly against a live instance (as the PWA's sharing screens do), signing in again when
 * the short-lived access token has expired. A read is retried until some instance answers; a write is sent once.
 */
export type SharingActor = {
  user: ChaosUser;
  write(method: string, path: string, body?: unknown): Promise<ActorAnswer>;
  read(path: string): Promise<ApiResponse>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSharingActor(user: ChaosUser, fleet: ServerFleet, routing: SeededRandom): SharingActor {
  let token: string | null = null;

  async function liveUrl(): Promise<string> {
    for (;;) {
      const live = fleet.livePorts();
      if (live.length > 0) return `http://127.0.0.1:${routing.pick(live)}`;
      await sleep(50);
    }
  }

  async function signIn(): Promise<string> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const login = await api(await liveUrl(), 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
        if (login.status === 200) return (token = (login.body as AuthResult).accessToken);
        if (attempt > 50) throw new Error(`sign-in of ${user.email} failed: ${login.status} ${JSON.stringify(login.body)}`);
      } catch (error) {
        if (attempt > 50) throw error;
      }
      await sleep(100);
    }
  }

  /** One request; on 401 signs in again and sends it once more (a 401 changed nothing). */
  async function send(method: string, path: string, body: unknown): Promise<ApiResponse> {
    const url = await liveUrl();
    const first = await api(url, method, path, { token: token ?? (await signIn()), ...(body === undefined ? {} : { body }) });
    if (first.status !== 401) return first;
    return api(url, method, path, { token: await signIn(), ...(body === undefined ? {} : { body }) });
  }

  return {
    user,
    async write(method, path, body) {
      try {
        return await send(method, path, body);
      } catch {
        return 'lost';
      }
    },
    async read(path) {
      for (let attempt = 0; ; attempt += 1) {
        try {
          const answer = await send('GET', path, undefined);
          if (answer.status < 500 || attempt > 50) return answer;
        } catch (error) {
          if (attempt > 50) throw error;
        }
        await sleep(100);
      }
    },
  };
}

/**
 * [SH3] Accepting an invitation needs a verified address wherever the server can send mail, and the fleet's servers run
 * in development, which writes every mail to DATA_DIR/outbox ([AC10]). So each user follows the link of their sign-up
 * mail, as they would in the app ([AC5]).
 */
export async function verifyAddress(fleet: ServerFleet, user: ChaosUser): Promise<void> {
  const outbox = path.join(fleet.dataDir, 'outbox');
  for (let waited = 0; waited < 10_000; waited += 50) {
    const mails = fs.existsSync(outbox) ? fs.readdirSync(outbox).map((file) => fs.readFileSync(path.join(outbox, file), 'utf8')) : [];
    const mine = mails.find((raw) => raw.includes(user.email) && raw.includes('/#/verify?token='));
    if (mine) {
      const answer = await api(fleet.instances[0]!.url, 'POST', '/api/auth/verify-email', {
        body: { token: linkToken(parseMail(mine), 'verify') },
      });
      if (answer.status !== 204) throw new Error(`verifying ${user.email} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      return;
    }
    await sleep(50);
  }
  throw new Error(`no verification mail for ${user.email} in ${outbox}`);
}
