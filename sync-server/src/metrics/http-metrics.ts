import type { Request, RequestHandler } from 'express';
import type { Metrics } from './metrics';

/**
 * Calls `onMatch` with the full pattern (`/api/tasks/:id`) each time the router matches a route. The router
 * assigns `req.route` while `req.baseUrl` is still the mount path; by the response's 'finish' an error has
 * left the router, which resets `req.baseUrl` (but not `req.route`), so the pattern is read at assignment.
 */
function onRouteMatched(req: Request, onMatch: (pattern: string) => void): void {
  let route: unknown = req.route;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: unknown) {
      route = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      if (typeof path === 'string') onMatch(`${req.baseUrl}${path === '/' ? '' : path}` || '/');
    },
  });
}

/** Labels by the matched route pattern (`/api/tasks/:id`), never the raw path, to bound cardinality. */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpRequestDuration.startTimer();
    let route = 'unmatched';
    onRouteMatched(req, (pattern) => {
      route = pattern;
    });
    res.on('finish', () => {
      stop({ route, method: req.method, status: String(res.statusCode) });
    });
    next();
  };
}
