import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

const HASHED_ASSET = /\.[0-9a-f]{8,}\.(?:js|css|woff2?|png|svg|webp)$/;
const NEVER_CACHED = new Set(['index.html', 'sw.js', 'manifest.webmanifest']);

const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Tasklane</title></head>
<body><main><h1>Tasklane sync server is running</h1>
<p>The web client is not built yet. The REST API is under <code>/api</code>; see <code>docs/protocol.md</code>.</p></main></body></html>`;

/**
 * Serves the built PWA: hashed assets are immutable, the shell and the service
 * worker are revalidated on every load so a new version is seen at once.
 */
export function createStaticClient(clientDistDir: string | undefined): Router {
  const router = Router();
  const indexFile = clientDistDir ? path.join(clientDistDir, 'index.html') : undefined;

  if (!clientDistDir || !indexFile || !fs.existsSync(indexFile)) {
    router.get('/', (_req, res) => {
      res.type('html').send(PLACEHOLDER_PAGE);
    });
    return router;
  }

  router.use(
    express.static(clientDistDir, {
      index: false,
      setHeaders(res, filePath) {
        const name = path.basename(filePath);
        if (NEVER_CACHED.has(name)) res.setHeader('Cache-Control', 'no-cache');
        else if (HASHED_ASSET.test(name)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        else res.setHeader('Cache-Control', 'public, max-age=3600');
      },
    }),
  );
  router.get('/{*splat}', (req, res, next) => {
    if (req.path.startsWith('/api/') || !req.accepts('html')) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
  return router;
}
