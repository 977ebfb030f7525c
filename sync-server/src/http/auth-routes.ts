import { Router } from 'express';
import { credentialsSchema, refreshRequestSchema } from '@tasklane/shared/domain/credentials';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { AuthService } from '../auth/auth-service';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie';

function refreshTokenFrom(body: unknown, cookie: string | undefined): string {
  const { refreshToken } = parseMessage(refreshRequestSchema, body ?? {}, 'refresh request');
  const token = refreshToken ?? cookie;
  if (!token) throw new ProtocolError('UNAUTHENTICATED', 'send a refresh token in the body or the refresh cookie');
  return token;
}

export function createAuthRoutes(auth: AuthService, refreshTtlSeconds: number): Router {
  const router = Router();

  router.post('/register', async (req, res) => {
    const { email, password } = parseMessage(credentialsSchema, req.body, 'registration');
    const result = await auth.register(email, password);
    setRefreshCookie(res, result.refreshToken, refreshTtlSeconds);
    res.status(201).json(result);
  });

  router.post('/login', async (req, res) => {
    const { email, password } = parseMessage(credentialsSchema, req.body, 'login');
    const result = await auth.login(email, password);
    setRefreshCookie(res, result.refreshToken, refreshTtlSeconds);
    res.status(200).json(result);
  });

  router.post('/refresh', async (req, res) => {
    const pair = await auth.refresh(refreshTokenFrom(req.body, readRefreshCookie(req)));
    setRefreshCookie(res, pair.refreshToken, refreshTtlSeconds);
    res.status(200).json(pair);
  });

  router.post('/logout', async (req, res) => {
    await auth.logout(refreshTokenFrom(req.body, readRefreshCookie(req)));
    clearRefreshCookie(res);
    res.status(204).end();
  });

  return router;
}
