import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** docker-compose.https.yml is read (no Docker engine here); client/e2e/https-caddy.e2e.test.ts runs its Caddyfile for real ([TLS1]). */
const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

type Service = { image?: string; ports?: string[]; environment?: Record<string, string>; volumes?: string[]; depends_on?: string[] };
const base = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
const https = parse(read('docker-compose.https.yml')) as { services: Record<string, Service>; volumes: Record<string, unknown> };

describe('docker-compose.https.yml', () => {
  it('[TLS2] Caddy 2 runs the project Caddyfile on 80 and 443 (TCP and UDP), keeps its CA and certificates in a volume, and proxies to the sync-server replicas behind a trusted hop', () => {
    const caddy = https.services.caddy!;
    expect(caddy.image).toMatch(/^caddy:2\.\d+/);
    expect(caddy.ports).toEqual(['80:80', '443:443', '443:443/udp']);
    expect(caddy.volumes).toEqual(expect.arrayContaining(['./deploy/Caddyfile:/etc/caddy/Caddyfile:ro', 'caddy-data:/data']));
    // [TLS3] certificate files of one's own: deploy/certs/ is mounted where the documented TASKLANE_TLS paths point.
    expect(caddy.volumes).toContain('./deploy/certs:/etc/caddy/certs:ro');
    expect(read('docs/deploy.md')).toContain('TASKLANE_TLS="/etc/caddy/certs/cert.pem /etc/caddy/certs/key.pem"');
    expect(Object.keys(https.volumes)).toContain('caddy-data');
    const server = base.services['sync-server']!;
    expect(caddy.environment).toMatchObject({
      TASKLANE_TLS: '${TASKLANE_TLS:-internal}',
      TASKLANE_UPSTREAM_NAME: 'sync-server',
      TASKLANE_UPSTREAM_PORT: server.environment?.PORT,
    });
    expect(caddy.depends_on).toEqual(['sync-server']);
    expect(server.environment?.TRUST_PROXY).toBe('1');
    // Every setting the Caddyfile reads is one the compose file (or the test of [TLS1]) gives it.
    const caddyfile = read('deploy/Caddyfile');
    const placeholders = [...caddyfile.matchAll(/\{\$(\w+)(?::[^}]*)?\}/g)].map((match) => match[1]!);
    expect(new Set(placeholders)).toEqual(
      new Set([
        'TASKLANE_HTTP_PORT',
        'TASKLANE_HTTPS_PORT',
        'TASKLANE_SITE',
        'TASKLANE_TLS',
        'TASKLANE_UPSTREAM_NAME',
        'TASKLANE_UPSTREAM_PORT',
      ]),
    );
    expect(caddyfile).toMatch(/tls \{\$TASKLANE_TLS:internal\}/);
  });
});
