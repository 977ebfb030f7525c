import { waitFor } from '@tasklane/testkit/sync-socket';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';
import { parse, parseAllDocuments } from 'yaml';
import { freePort } from '@tasklane/testkit/free-port';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

/**
 * No Docker engine or Kubernetes runs here: these tests run what docker-compose.yml and k8s/notifier.yaml would run —
 * the built `sync-server/dist/notifier.js` (the image's WORKDIR is the repository root, Dockerfile) with the compose
 * environment — and ask it the compose healthcheck and the Kubernetes liveness probe. MONGODB_URL is swapped for an
 * embedded store (no mongod here; the MongoDB store runs in the workflow that sets MONGODB_URL).
 */
const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

type ComposeService = { command: string[]; environment: Record<string, string>; healthcheck: { test: string[] } };
const composeNotifier = (parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> }).services.notifier!;

type Probe = { httpGet: { path: string; port: string | number } };
type NotifierContainer = { command: string[]; ports: { name: string; containerPort: number }[]; livenessProbe: Probe };
const k8sNotifier = parseAllDocuments(read('k8s/notifier.yaml'))
  .map((document) => document.toJS() as { kind: string; spec: { template: { spec: { containers: NotifierContainer[] } } } })
  .find((object) => object.kind === 'Deployment')!.spec.template.spec.containers[0]!;

/** Compose's `${NAME:?message}` and `${NAME:-default}`, from `values` (an unset required one fails the test, as compose would). */
function substituted(environment: Record<string, string>, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [
      name,
      value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_match, variable: string, kind?: string, rest?: string) => {
        const given = values[variable];
        if (given !== undefined && given !== '') return given;
        if (kind === '?') throw new Error(`compose would refuse to start: ${rest ?? variable}`);
        return rest ?? '';
      }),
    ]),
  );
}

type Started = { child: ChildProcess; output: () => string; stop(): Promise<void> };

async function startAsDeployed(command: string[], env: Record<string, string>): Promise<Started> {
  expect(command[0]).toBe('node');
  const [script, ...args] = command.slice(1);
  const child = spawn(process.execPath, [path.join(ROOT, script!), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the notifier did not start:\n${output}`)), 15_000);
    child.stdout?.on('data', () => {
      if (output.includes('notifier is running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the notifier exited:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

const secrets = () => ({ JWT_SECRET: randomBytes(32).toString('hex'), JWT_REFRESH_SECRET: randomBytes(32).toString('hex') });

describe('the notifier as compose and Kubernetes run it', () => {
  const dataDir = makeTempDir('notifier-deploy');
  const running: Started[] = [];
  afterAll(async () => {
    await Promise.all(running.map((started) => started.stop()));
    dataDir.remove();
  });

  async function asCompose(values: Record<string, string>) {
    const metricsPort = await freePort();
    const { MONGODB_URL: _mongo, ...environment } = substituted(composeNotifier.environment, values);
    const started = await startAsDeployed(composeNotifier.command, {
      PATH: process.env.PATH ?? '',
      ...environment,
      DATA_DIR: dataDir.dir,
      HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
    });
    running.push(started);
    return { started, metricsPort, environment };
  }

  it('[NT26] the compose service starts the built notifier in production; its healthcheck and the Kubernetes liveness probe pass', async () => {
    const vapid = webpush.generateVAPIDKeys();
    const { started, metricsPort, environment } = await asCompose({
      ...secrets(),
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:ops@example.com',
    });
    expect(environment.NODE_ENV).toBe('production');
    expect(started.output()).not.toMatch(/no VAPID keys/);

    // compose's healthcheck, run as written but for the port this test chose (the image's default is 9464)
    const [kind, program, ...args] = composeNotifier.healthcheck.test;
    expect([kind, program]).toEqual(['CMD', 'node']);
    expect(args.join(' ')).toContain(':9464/metrics');
    const check = (port: number) =>
      spawnSync(
        process.execPath,
        args.map((arg) => arg.replace(':9464/', `:${port}/`)),
        { timeout: 10_000 },
      ).status;
    expect(check(metricsPort)).toBe(0);
    const nothingThere = await freePort();
    expect(check(nothingThere)).toBe(1);

    // Kubernetes runs the same command and probes the metrics port it names
    expect(k8sNotifier.command).toEqual(composeNotifier.command);
    const probe = k8sNotifier.livenessProbe.httpGet;
    const probedPort = k8sNotifier.ports.find((port) => port.name === probe.port || port.containerPort === probe.port)!;
    expect(probedPort.containerPort).toBe(9464);
    const answer = await fetch(`http://127.0.0.1:${metricsPort}${probe.path}`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toMatch(/^reminders_sent_total/m);
  });

  it('[NT26] without VAPID keys (compose leaves them empty) the production notifier still starts, idles and says why', async () => {
    const { started, metricsPort } = await asCompose(secrets());
    // the logger's lines may reach the pipe after the plain "is running" line
    await waitFor(() => /no VAPID keys in production: the notifier sends nothing/.test(started.output()), 5000, 'the warning');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(200);
  });
});
