import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { caddyAvailable, startCaddy, type CaddyProcess } from '@tasklane/testkit/caddy-process';
import { freePort } from '@tasklane/testkit/free-port';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { waitFor } from '@tasklane/testkit/sync-socket';

jest.setTimeout(60_000);

const CADDYFILE = path.resolve(__dirname, '../../deploy/Caddyfile');

/** The certificate the server presents, and `/ready`'s status, over TLS trusting only `ca`. */
function readyTrusting(ca: string, port: number): Promise<{ status: string; served: string }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca }, () => {
      const served = socket.getPeerX509Certificate()?.fingerprint256 ?? '';
      socket.write('GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      let response = '';
      socket.on('data', (chunk: Buffer) => (response += chunk.toString()));
      socket.on('end', () => resolve({ status: response.split('\r\n')[0] ?? '', served }));
    });
    socket.on('error', reject);
  });
}

// Debian's caddy (installed by scripts/test-all.sh) with the project's Caddyfile and certificate files brought by the operator.
describe(
  caddyAvailable()
    ? 'HTTPS through Caddy with certificate files of ones own'
    : 'HTTPS with own certificate — FAILS: caddy is not installed',
  () => {
    let server: ServerProcess;
    let caddy: CaddyProcess;
    const data = makeTempDir('own-cert-data');
    const certs = makeTempDir('own-certs');

    beforeAll(async () => {
      server = await startServerProcess({ NODE_ENV: 'production', TRUST_PROXY: '1', DATA_DIR: data.dir, PASSWORD_HASH_COST: '' });
    });

    afterAll(async () => {
      await caddy?.stop();
      await server?.stop();
      data.remove();
      certs.remove();
    });

    it('[TLS3] TASKLANE_TLS="<cert.pem> <key.pem>" serves that certificate for the site and proxies to the replicas', async () => {
      const [cert, key] = [path.join(certs.dir, 'cert.pem'), path.join(certs.dir, 'key.pem')];
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
      ], { stdio: 'ignore' }); // prettier-ignore
      const [httpsPort, httpPort] = [await freePort(), await freePort()];
      caddy = await startCaddy(
        CADDYFILE,
        {
          TASKLANE_SITE: `https://127.0.0.1:${httpsPort}`,
          TASKLANE_TLS: `${cert} ${key}`,
          TASKLANE_HTTPS_PORT: String(httpsPort),
          TASKLANE_HTTP_PORT: String(httpPort),
          TASKLANE_UPSTREAM_NAME: '127.0.0.1',
          TASKLANE_UPSTREAM_PORT: new URL(server.url).port,
        },
        httpsPort,
        { usesLocalCa: false },
      );
      const pem = fs.readFileSync(cert, 'utf8');
      let answer = { status: '', served: '' };
      await waitFor(async () => {
        answer = await readyTrusting(pem, httpsPort).catch(() => answer);
        return answer.status === 'HTTP/1.1 200 OK';
      }, 15_000);
      expect(answer).toEqual({ status: 'HTTP/1.1 200 OK', served: new X509Certificate(pem).fingerprint256 });
    });
  },
);
