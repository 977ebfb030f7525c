import compression from 'compression';
import express, { type Express } from 'express';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import type { AuthService } from '../auth/auth-service';
import type { SessionCheck } from '../auth/session-check';
import type { TokenIssuer } from '../auth/token-issuer';
import type { Logger } from '../logging/logger';
import { httpMetrics } from '../metrics/http-metrics';
import type { Metrics } from '../metrics/metrics';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import { rateLimit } from '../rate-limit/rate-limit-middleware';
import type { AccountTransfer } from '../sync/account-transfer';
import type { ListCommands } from '../sync/list-commands';
import type { TaskCommands } from '../sync/task-commands';
import type { ReminderFeatures } from '../push/server-reminders';
import { createAccountAuthRoutes, createAccountRoutes } from './account-routes';
import type { AccountEmailService } from '../auth/account-email-service';
import type { AccountService } from '../auth/account-service';
import { createAuthRoutes } from './auth-routes';
import { cors } from './cors';
import { apiNotFound, createErrorHandler } from './error-handler';
import { createExportRoutes, createImportRoutes } from './export-routes';
import type { ReadinessCheck } from '../health/readiness-check';
import { createHealthRoutes } from './health-routes';
import { createListRoutes } from './list-routes';
import { createOpenApiRoute } from './openapi-route';
import { requestLogger } from './request-logger';
import { authenticatedUserId, requireUser } from './require-user';
import { securityHeaders } from './security-headers';
import { createStaticClient } from './static-client';
import { createTaskRoutes } from './task-routes';
import { createInvitationRoutes, createListSharingRoutes, createMembershipRoutes } from './sharing-routes';
import type { SharingService } from '../sync/sharing-service';
import type { ChangeFeed } from '../graphql/change-feed';
import { createGraphqlRoute } from '../graphql/graphql-route';
import type { TaskRevisions } from '../graphql/task-revisions';

export type AppDeps = {
  auth: AuthService;
  tokens: TokenIssuer;
  /** REST refuses an access token whose sign-in has ended, as the socket handshake does ([AU17]). */
  checkSession: SessionCheck;
  tasks: TaskCommands;
  /** `/api/lists` ([LR8]–[LR12]). */
  lists: ListCommands;
  /** Invitations, members and owners of shared lists ([SH1]–[SH10]). */
  sharing: SharingService;
  /** `GET /api/export`, `POST /api/import` (docs/protocol.md [EX1]–[EX13]). */
  transfer: AccountTransfer;
  readinessChecks: ReadinessCheck[];
  isShuttingDown: () => boolean;
  clientDistDir: string | undefined;
  logger: Logger;
  metrics: Metrics;
  limiters: { auth: RateLimiter; api: RateLimiter };
  allowedOrigins: string[];
  production: boolean;
  trustProxyHops: number;
  /** Push subscriptions, push config and notification actions ([NT1]–[NT6], [NT15]). */
  reminders: Pick<ReminderFeatures, 'subscriptions' | 'config' | 'actions'>;
  /** Account e-mails, change password, sign out everywhere, account deletion ([AC1]–[AC8]). */
  account: { emails: AccountEmailService; accounts: AccountService };
  /** `/graphql` (docs/graphql.md): revisioned edits, the subscriptions' change feed, introspection on or off ([GQ11]). */
  graphql: { revisions: TaskRevisions; feed: ChangeFeed; introspection: boolean };
};

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxyHops);

  app.use(requestLogger(deps.logger));
  app.use(httpMetrics(deps.metrics));
  app.use(securityHeaders({ production: deps.production, trustProxyHops: deps.trustProxyHops }));
  const apiCors = cors({ allowedOrigins: deps.allowedOrigins, trustProxyHops: deps.trustProxyHops });
  // Before compression: a subscription's server-sent events must not wait in a gzip buffer ([GQ9]).
  app.use(
    '/graphql',
    createGraphqlRoute({
      ...deps.graphql,
      tasks: deps.tasks,
      lists: deps.lists,
      accounts: deps.account.accounts,
      tokens: deps.tokens,
      checkSession: deps.checkSession,
      limiter: deps.limiters.api,
      metrics: deps.metrics,
      cors: apiCors,
      logger: deps.logger,
    }),
  );
  app.use(compression());
  app.use(createHealthRoutes(deps.readinessChecks, deps.isShuttingDown));
  // Metrics live on METRICS_PORT only ([O8]); express routes ignore case and a trailing slash, so this catches every spelling.
  app.all('/metrics', apiNotFound);

  const signedIn = [
    requireUser(deps.tokens, deps.checkSession),
    rateLimit(deps.limiters.api, (_req, res) => authenticatedUserId(res), deps.metrics),
  ];
  // Before the 1 MiB JSON parser below: an import page has its own, larger limit (docs/protocol.md [EX7]).
  app.use('/api/export', apiCors, ...signedIn, createExportRoutes(deps.transfer));
  app.use('/api/import', apiCors, ...signedIn, createImportRoutes(deps.transfer));
  app.use('/api', apiCors, express.json({ limit: PROTOCOL_LIMITS.restMaxBodyBytes, strict: true }));
  app.get('/api/openapi.json', createOpenApiRoute());
  const authLimit = rateLimit(deps.limiters.auth, (req) => req.ip ?? 'unknown', deps.metrics);
  const accountRoutes = {
    emails: deps.account.emails,
    accounts: deps.account.accounts,
    requireUser: requireUser(deps.tokens, deps.checkSession),
    passwordLimit: authLimit,
  };
  app.use(
    '/api/auth',
    authLimit,
    createAuthRoutes(deps.auth, {
      refreshTtlSeconds: deps.tokens.refreshTtlSeconds,
      allowedOrigins: deps.allowedOrigins,
      trustProxyHops: deps.trustProxyHops,
    }),
    createAccountAuthRoutes(accountRoutes),
  );
  app.use('/api/account', ...signedIn, createAccountRoutes(accountRoutes));
  app.use('/api/tasks', ...signedIn, createTaskRoutes(deps.tasks));
  app.use('/api/lists', ...signedIn, createListRoutes(deps.lists), createListSharingRoutes(deps.sharing));
  app.use('/api/invitations', ...signedIn, createInvitationRoutes(deps.sharing));
  app.use('/api/memberships', ...signedIn, createMembershipRoutes(deps.sharing));
  app.get('/api/push-config', deps.reminders.config);
  app.use('/api/push-subscriptions', ...signedIn, deps.reminders.subscriptions);
  // [NT15] The action token is the credential (a service worker holds no access token); limited per client IP.
  app.use('/api/reminder-actions', authLimit, deps.reminders.actions);
  app.use('/api', apiNotFound);
  app.use(createStaticClient(deps.clientDistDir));
  app.use(createErrorHandler());
  return app;
}
