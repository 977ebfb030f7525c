import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { createSchema, createYoga } from 'graphql-yoga';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { TokenIssuer } from '../auth/token-issuer';
import { toProtocolError } from '../errors/to-protocol-error';
import { HTTP_STATUS_BY_CODE } from '../http/http-status';
import { authenticatedUserId, requireUser } from '../http/require-user';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import { rateLimit } from '../rate-limit/rate-limit-middleware';
import { createMaskError, protocolGraphqlError } from './graphql-errors';
import { useErrorCodes, useHiddenSuggestions, useNoIntrospection, useQueryLimits, useWriteBudget } from './graphql-plugins';
import { GRAPHQL_LIMITS } from './query-limits';
import { createResolvers, type GraphqlContext, type ResolverDeps } from './resolvers';
import { GRAPHQL_TYPE_DEFS } from './type-defs';

/** [GQ10] A GraphQL request body: a query, its variables (a task input at most) and a name; REST's 1 MiB is far more than that needs. */
export const GRAPHQL_MAX_BODY_BYTES = 256 * 1024;

export type GraphqlRouteDeps = ResolverDeps & {
  tokens: TokenIssuer;
  /** The limiter of `/api/tasks`: GraphQL and REST requests of a user count against one budget ([GQ8]). */
  limiter: RateLimiter;
  metrics: Pick<Metrics, 'rateLimited'>;
  /** The `/api` CORS policy ([SEC3]). */
  cors: RequestHandler;
  logger: Logger;
  /** [GQ11] Whether `__schema` and `__type` are answered: off in production unless GRAPHQL_INTROSPECTION=on. */
  introspection: boolean;
};

type ServerContext = { req: Request; res: Response };

type BodyParserError = { type?: string };

/** The same refusal as the REST error handler's, in GraphQL's shape: `{ errors: [{ message, extensions: { code } }] }`. */
function graphqlErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      // A stream already under way: nothing can be answered any more; log it (once) and end it.
      toProtocolError(error, req.log ?? logger, `${req.method} /graphql`);
      res.end();
      return;
    }
    const type = (error as BodyParserError | null)?.type;
    const protocolError =
      type === 'entity.too.large'
        ? new ProtocolError('PAYLOAD_TOO_LARGE', `a GraphQL request body holds at most ${GRAPHQL_MAX_BODY_BYTES} bytes`)
        : type?.startsWith('entity.') || type?.endsWith('.unsupported')
          ? new ProtocolError('INVALID_MESSAGE', 'request body is not valid JSON')
          : toProtocolError(error, req.log ?? logger, `${req.method} /graphql`);
    if (protocolError.retryAfterMs !== undefined) res.setHeader('Retry-After', Math.ceil(protocolError.retryAfterMs / 1000));
    res.status(HTTP_STATUS_BY_CODE[protocolError.code]).json({ errors: [protocolGraphqlError(protocolError).toJSON()] });
  };
}

function bearerToken(req: Request): string {
  return /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
}

/** Every POST body goes through the bounded JSON parser: yoga would read any other type unbounded. */
const jsonOnly: RequestHandler = (req, _res, next) => {
  if (req.method === 'POST' && !req.is('application/json')) {
    next(new ProtocolError('INVALID_MESSAGE', 'send a GraphQL request as Content-Type: application/json'));
    return;
  }
  next();
};

/** [GQ10] The query text is bounded before graphql-js parses it. */
const boundedQuery: RequestHandler = (req, _res, next) => {
  const body: unknown = req.body;
  const query = req.method === 'GET' ? req.query.query : (body as { query?: unknown } | undefined)?.query;
  if (typeof query === 'string' && query.length > GRAPHQL_LIMITS.maxQueryLength) {
    next(
      new ProtocolError(
        'INVALID_MESSAGE',
        `the query is ${query.length} characters long; at most ${GRAPHQL_LIMITS.maxQueryLength} are allowed`,
      ),
    );
    return;
  }
  next();
};

/**
 * `POST/GET /graphql` ([GQ1]–[GQ13], docs/graphql.md): the bearer access token of REST, REST's per-user rate limit,
 * then graphql-yoga. Queries and mutations answer JSON; subscriptions stream as server-sent events
 * (`Accept: text/event-stream`).
 */
export function createGraphqlRoute(deps: GraphqlRouteDeps): Router {
  const yoga = createYoga<ServerContext, GraphqlContext>({
    schema: createSchema<ServerContext & GraphqlContext>({ typeDefs: GRAPHQL_TYPE_DEFS, resolvers: createResolvers(deps) }),
    graphqlEndpoint: '/graphql',
    graphiql: false,
    landingPage: false,
    // CORS is the express policy above yoga; uploads are not part of this API.
    cors: false,
    multipart: false,
    batching: false,
    logging: false,
    maskedErrors: { maskError: createMaskError(deps.logger), isDev: false },
    // requireUser has verified the token already; its claims are read again for a subscription's lifetime ([GQ9]).
    context: ({ req, res }) => ({ userId: authenticatedUserId(res), claims: deps.tokens.verifyAccess(bearerToken(req)) }),
    plugins: [
      useQueryLimits(),
      useWriteBudget(deps),
      ...(deps.introspection ? [] : [useNoIntrospection(), useHiddenSuggestions()]),
      useErrorCodes(),
    ],
  });

  const router = Router();
  router.use(deps.cors);
  // Signed in and within the rate limit before a byte of the body is read, as REST's export and import.
  router.use(requireUser(deps.tokens, deps.checkSession));
  router.use(rateLimit(deps.limiter, (_req, res) => authenticatedUserId(res), deps.metrics));
  router.use(jsonOnly);
  router.use(express.json({ limit: GRAPHQL_MAX_BODY_BYTES, strict: true }));
  router.use(boundedQuery);
  // A route, so the request metrics label it `/graphql` (a subscription's duration is its stream's).
  router.all('/', (req, res, next) => {
    // nginx (deploy/nginx.conf) would hold server-sent events in its proxy buffer.
    if (req.get('accept')?.includes('text/event-stream')) res.setHeader('X-Accel-Buffering', 'no');
    // The node handler answers a promise, or nothing when it answered at once.
    Promise.resolve(yoga(req, res)).catch(next);
  });
  router.use((req, _res, next) => next(new ProtocolError('NOT_FOUND', `no route ${req.method} ${req.originalUrl.split('?')[0]}`)));
  router.use(graphqlErrorHandler(deps.logger));
  return router;
}
