import express, { type Express } from 'express';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import type { AuthService } from '../auth/auth-service';
import type { TokenIssuer } from '../auth/token-issuer';
import type { Logger } from '../logging/logger';
import type { TaskCommands } from '../sync/task-commands';
import { createAuthRoutes } from './auth-routes';
import { apiNotFound, createErrorHandler } from './error-handler';
import { createHealthRoutes, type ReadinessCheck } from './health-routes';
import { requireUser } from './require-user';
import { createStaticClient } from './static-client';
import { createTaskRoutes } from './task-routes';

export type AppDeps = {
  auth: AuthService;
  tokens: TokenIssuer;
  tasks: TaskCommands;
  readinessChecks: ReadinessCheck[];
  isShuttingDown: () => boolean;
  clientDistDir: string | undefined;
  logger: Logger;
};

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  app.use(createHealthRoutes(deps.readinessChecks, deps.isShuttingDown));
  app.use('/api', express.json({ limit: PROTOCOL_LIMITS.restMaxBodyBytes, strict: true }));
  app.use('/api/auth', createAuthRoutes(deps.auth, deps.tokens.refreshTtlSeconds));
  app.use('/api/tasks', requireUser(deps.tokens), createTaskRoutes(deps.tasks));
  app.use('/api', apiNotFound);
  app.use(createStaticClient(deps.clientDistDir));
  app.use(createErrorHandler(deps.logger));
  return app;
}
