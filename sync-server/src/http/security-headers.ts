import helmet from 'helmet';
import type { RequestHandler } from 'express';
import { requestProtocol } from './request-origin';

function withHeaders(options: { production: boolean; upgradeInsecureRequests: boolean; openerPolicy: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        manifestSrc: ["'self'"],
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.upgradeInsecureRequests ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: options.openerPolicy,
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * Strict CSP for the PWA: only our own scripts, styles, workers and sockets.
 * No inline script or style, no eval, no framing. `upgrade-insecure-requests` only in production and only
 * when the page itself came over HTTPS ([PX5]): on plain-HTTP localhost it would send every asset and the
 * socket to an https:// that does not exist. Cross-Origin-Opener-Policy likewise only over HTTPS: a browser
 * ignores it on a plain-HTTP address and says so as a console error on every page load ([PX6]).
 */
export function securityHeaders(options: { production: boolean; trustProxyHops: number }): RequestHandler {
  const overHttps = withHeaders({ production: options.production, upgradeInsecureRequests: options.production, openerPolicy: true });
  const overHttp = withHeaders({ production: options.production, upgradeInsecureRequests: false, openerPolicy: false });
  return (req, res, next) => (requestProtocol(req, options.trustProxyHops) === 'https' ? overHttps : overHttp)(req, res, next);
}
