import type { RequestHandler } from 'express';
import type { Metrics } from './metrics';

/** Labels by the matched route pattern (`/api/tasks/:id`), never the raw path, to bound cardinality. */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpRequestDuration.startTimer();
    res.on('finish', () => {
      const routePath = (req.route as { path?: string } | undefined)?.path;
      const route = routePath === undefined ? 'unmatched' : `${req.baseUrl}${routePath === '/' ? '' : routePath}` || '/';
      stop({ route, method: req.method, status: String(res.statusCode) });
    });
    next();
  };
}
