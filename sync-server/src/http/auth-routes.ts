import { Router, type Request } from 'express';
import { credentialsSchema, refreshRequestSchema } from '@tasklane/shared/domain/credentials';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { AuthService } from '../auth/auth-service';
import { createCookieCsrfGuard, type CookieCsrfGuard } from './cookie-csrf';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie';

export type AuthRoutesConfig = { refreshTtlSeconds: number; allowedOrigins: string[]; trustProxyHops: number };

type RefreshRequest = { token: string; cookieOnly: boolean };

/** The body's token wins; the cookie is spent only by a request that passes the CSRF guard ([AU13]). */
function refreshRequestFrom(req: Request, csrf: CookieCsrfGuard): RefreshRequest {
  const { refreshToken, cookieOnly = false } = parseMessage(refreshRequestSchema, req.body ?? {}, 'refresh request');
  if (refreshToken) return { token: refreshToken, cookieOnly };
  const cookie = readRefreshCookie(req);
  if (!cookie) throw new ProtocolError('UNAUTHENTICATED', 'send a refresh token in the body or the refresh cookie');
  csrf.check(req);
  return { token: cookie, cookieOnly };
}

/** [AU12]: a cookie-only session's answers never show the refresh token to the page. */
function withoutRefreshToken<T extends { refreshToken: string }>(answer: T, cookieOnly: boolean): T | Omit<T, 'refreshToken'> {
  if (!cookieOnly) return answer;
  const { refreshToken: _inTheCookie, ...rest } = answer;
  return rest;
}

export function createAuthRoutes(auth: AuthService, config: AuthRoutesConfig): Router {
  const router = Router();
  const csrf = createCookieCsrfGuard(config);

  router.post('/register', async (req, res) => {
    const { email, password, cookieOnly = false } = parseMessage(credentialsSchema, req.body, 'registration');
    const result = await auth.register(email, password);
    setRefreshCookie(res, result.refreshToken, config.refreshTtlSeconds);
    res.status(201).json(withoutRefreshToken(result, cookieOnly));
  });

  router.post('/login', async (req, res) => {
    const { email, password, cookieOnly = false } = parseMessage(credentialsSchema, req.body, 'login');
    const result = await auth.login(email, password);
    setRefreshCookie(res, result.refreshToken, config.refreshTtlSeconds);
    res.status(200).json(withoutRefreshToken(result, cookieOnly));
  });

  router.post('/refresh', async (req, res) => {
    const { token, cookieOnly } = refreshRequestFrom(req, csrf);
    const pair = await auth.refresh(token);
    setRefreshCookie(res, pair.refreshToken, config.refreshTtlSeconds);
    res.status(200).json(withoutRefreshToken(pair, cookieOnly));
  });

  router.post('/logout', async (req, res) => {
    await auth.logout(refreshRequestFrom(req, csrf).token);
    clearRefreshCookie(res);
    res.status(204).end();
  });

  return router;
}
