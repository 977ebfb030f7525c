import { Router, type RequestHandler } from 'express';
import {
  changePasswordSchema,
  deleteAccountSchema,
  emptyBodySchema,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
  verifyEmailSchema,
} from '@tasklane/shared/domain/account-requests';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import type { AccountEmailService } from '../auth/account-email-service';
import type { AccountService } from '../auth/account-service';
import { clearRefreshCookie } from './refresh-cookie';
import { authenticatedSessionId, authenticatedUserId } from './require-user';

export type AccountRoutesDeps = {
  emails: AccountEmailService;
  accounts: AccountService;
  /** Access token whose sign-in is active ([AU17]). */
  requireUser: RequestHandler;
  /** The per-IP limit of sign-in attempts, for every route that checks a password. */
  passwordLimit: RequestHandler;
};

/** Under `/api/auth` (its per-IP limit applies): password reset, verification, change password, sign out everywhere. */
export function createAccountAuthRoutes(deps: AccountRoutesDeps): Router {
  const router = Router();
  const { emails, accounts } = deps;

  router.post('/password-reset', async (req, res) => {
    const { email } = parseMessage(passwordResetRequestSchema, req.body, 'password reset request');
    await emails.requestPasswordReset(email, req.ip ?? 'unknown');
    res.status(202).end();
  });

  router.post('/password-reset/confirm', async (req, res) => {
    const { token, password } = parseMessage(passwordResetConfirmSchema, req.body, 'password reset');
    await emails.confirmPasswordReset(token, password);
    res.status(204).end();
  });

  router.post('/verify-email', async (req, res) => {
    const { token } = parseMessage(verifyEmailSchema, req.body, 'email verification');
    await emails.verifyEmail(token);
    res.status(204).end();
  });

  router.post('/verify-email/resend', deps.requireUser, async (req, res) => {
    parseMessage(emptyBodySchema, req.body ?? {}, 'verification resend');
    await emails.resendVerification(authenticatedUserId(res), req.ip ?? 'unknown');
    res.status(202).end();
  });

  router.post('/password', deps.requireUser, async (req, res) => {
    const { currentPassword, newPassword } = parseMessage(changePasswordSchema, req.body, 'password change');
    await accounts.changePassword(authenticatedUserId(res), authenticatedSessionId(res), currentPassword, newPassword);
    res.status(204).end();
  });

  router.post('/logout-all', deps.requireUser, async (req, res) => {
    parseMessage(emptyBodySchema, req.body ?? {}, 'sign out everywhere');
    await accounts.signOutEverywhere(authenticatedUserId(res));
    clearRefreshCookie(res);
    res.status(204).end();
  });

  return router;
}

/** `/api/account`, behind the signed-in middleware: the account's state, and its deletion. */
export function createAccountRoutes(deps: AccountRoutesDeps): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.status(200).json(await deps.accounts.get(authenticatedUserId(res)));
  });

  router.delete('/', deps.passwordLimit, async (req, res) => {
    const { password } = parseMessage(deleteAccountSchema, req.body, 'account deletion');
    await deps.accounts.deleteAccount(authenticatedUserId(res), password);
    clearRefreshCookie(res);
    res.status(204).end();
  });

  return router;
}
