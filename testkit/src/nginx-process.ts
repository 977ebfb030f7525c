import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from './temp-dir';
import { waitForPort } from './wait-for-port';

export const NGINX_BIN = process.env.NGINX_BIN ?? (fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');

/** The project's own proxy configuration, as docker-compose.yml mounts it. */
export const NGINX_CONF = path.resolve(__dirname, '../../deploy/nginx.conf');

export function nginxAvailable(): boolean {
  return spawnSync(NGINX_BIN, ['-v']).status === 0;
}

export type NginxProcess = { port: number; url: string; stop(): Promise<void>; errorLog(): string };

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? [];
  if (matches.length !== 1) throw new Error(`deploy/nginx.conf must have exactly one ${what} line, found ${matches.length}`);
  return text.replace(pattern, replacement);
}

/**
 * deploy/nginx.conf with only what differs outside compose substituted (docs/deploy.md): the upstream `server`
 * line becomes one line per instance, and `listen 80` becomes the port given.
 */
export function substituteNginxConf(conf: string, upstreams: string[], listen: string): string {
  const servers = upstreams.map((address) => `  server ${address} max_fails=3 fail_timeout=10s;`).join('\n');
  const withUpstreams = replaceOnce(conf, /^\s*server sync-server:\d+[^;\n]*;$/m, servers, 'upstream `server sync-server:…`');
  return replaceOnce(withUpstreams, /^\s*listen 80;$/m, `  listen ${listen};`, '`listen 80;`');
}

/**
 * A real nginx, unprivileged, running deploy/nginx.conf inside a minimal main configuration (pid, logs and
 * temp paths in a throw-away prefix), in front of `upstreams` (`127.0.0.1:PORT`), listening on 127.0.0.1:`port`.
 */
export async function startNginx(options: { port: number; upstreams: string[] }): Promise<NginxProcess> {
  const temp = makeTempDir('nginx');
  const site = substituteNginxConf(fs.readFileSync(NGINX_CONF, 'utf8'), options.upstreams, `127.0.0.1:${options.port}`);
  fs.writeFileSync(path.join(temp.dir, 'tasklane.conf'), site);
  const main = [
    `pid ${temp.dir}/nginx.pid;`,
    `error_log ${temp.dir}/error.log warn;`,
    'worker_processes 1;',
    'events { worker_connections 256; }',
    'http {',
    `  access_log ${temp.dir}/access.log;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${temp.dir}/${kind};`),
    `  include ${temp.dir}/tasklane.conf;`,
    '}',
  ].join('\n');
  fs.writeFileSync(path.join(temp.dir, 'nginx.conf'), main);
  let output = '';
  const child = spawn(NGINX_BIN, ['-p', temp.dir, '-c', path.join(temp.dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = () => {
    const file = path.join(temp.dir, 'error.log');
    return `${output}${fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''}`;
  };
  try {
    await waitForPort(options.port, {
      deadline: Date.now() + 10_000,
      what: 'nginx',
      failed: () => (child.exitCode === null ? null : `exited with ${child.exitCode}`),
      details: errorLog,
    });
  } catch (error) {
    child.kill('SIGKILL');
    temp.remove();
    throw error;
  }
  return {
    port: options.port,
    url: `http://127.0.0.1:${options.port}`,
    errorLog,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      temp.remove();
    },
  };
}
