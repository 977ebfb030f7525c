import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { substituteNginxConf } from '@tasklane/testkit/nginx-process';
import { CONFIG_VARIABLES } from '../src/config-variables';

/** No Docker engine runs here: these checks read the deployment files and hold them to the server's configuration (Kubernetes: k8s-manifests.test.ts). */
const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const KNOWN_VARIABLES = new Set(CONFIG_VARIABLES.map((variable) => variable.name));
const DEFAULT_PORT = Number(CONFIG_VARIABLES.find((variable) => variable.name === 'PORT')!.fallback);

/** The parts of the Kubernetes objects that these checks read. */
type K8sObject<Spec = unknown> = { kind: string; metadata: { name: string }; spec: Spec };
type Labels = Record<string, string>;
type Resources = { cpu: string; memory: string };
type Container = {
  ports: { containerPort: number }[];
  env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  livenessProbe: { httpGet: { path: string } };
  readinessProbe: { httpGet: { path: string } };
  resources: { requests: Resources; limits: Resources };
};
type DeploymentSpec = {
  template: {
    metadata: { labels: Labels };
    spec: { containers: Container[]; securityContext: { runAsNonRoot?: boolean; runAsUser?: number } };
  };
};

const k8sObjects: K8sObject[] = fs
  .readdirSync(path.join(ROOT, 'k8s'))
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) => parseAllDocuments(read(`k8s/${file}`)).map((document) => document.toJS() as K8sObject));
const k8s = <Spec>(kind: string): K8sObject<Spec> => {
  const found = k8sObjects.find((object) => object.kind === kind);
  if (!found) throw new Error(`k8s/ has no ${kind}`);
  return found as K8sObject<Spec>;
};

/** The parts of docker-compose.yml that these checks read. */
type ComposeService = {
  image?: string;
  build?: string | { context: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  deploy?: { replicas?: number };
};
const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };
const composeService = (name: string): ComposeService => {
  const service = compose.services[name];
  if (!service) throw new Error(`docker-compose.yml has no service ${name}`);
  return service;
};

const dockerfile = read('Dockerfile');
const nginx = read('deploy/nginx.conf');
const deployment = k8s<DeploymentSpec>('Deployment');
const container = deployment.spec.template.spec.containers[0]!;

describe('deployment files', () => {
  it('[DP1] the image runs as a non-root user, exposes PORT and checks /health', () => {
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = stages[stages.length - 1]!;
    const user = /^USER\s+(\S+)/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    expect(/^EXPOSE\s+(\d+)/m.exec(runtime)?.[1]).toBe(String(DEFAULT_PORT));
    expect(/^ENV[\s\S]*?PORT=(\d+)/m.exec(runtime)?.[1]).toBe(String(DEFAULT_PORT));
    expect(runtime).toMatch(/^HEALTHCHECK[\s\S]*\/health/m);
    expect(runtime).toMatch(/^CMD .*sync-server\/dist\/main\.js/m);
  });

  it('[DP2] only production dependencies reach the runtime stage; native modules are built in an earlier stage', () => {
    expect(dockerfile).toMatch(/npm ci[^\n]*--omit=dev/);
    const stages = dockerfile.split(/^FROM /m).slice(1);
    const runtime = stages[stages.length - 1]!;
    expect(runtime).not.toMatch(/npm (ci|install)/);
    expect(runtime).not.toMatch(/g\+\+|python3/);
    expect(stages[0]).toMatch(/g\+\+/);
    expect(read('.dockerignore')).toMatch(/node_modules/);
  });

  it('[DP3] every environment variable set in compose and Kubernetes is one the server reads', () => {
    const composeNames = Object.values(compose.services).flatMap((service) =>
      service.image?.startsWith('tasklane') || service.build ? Object.keys(service.environment ?? {}) : [],
    );
    const k8sNames = container.env.map((variable) => variable.name);
    expect(composeNames.length).toBeGreaterThan(0);
    expect([...composeNames, ...k8sNames].filter((name) => !KNOWN_VARIABLES.has(name))).toEqual([]);
  });

  it('[DP4] compose: MongoDB is replica set rs0 on a volume, Redis is wired, two server replicas sit behind nginx', () => {
    const mongo = composeService('mongo');
    const redis = composeService('redis');
    const proxy = composeService('nginx');
    const server = composeService('sync-server');
    expect(mongo.command?.join(' ')).toMatch(/--replSet rs0/);
    expect(mongo.volumes?.some((volume) => volume.endsWith(':/data/db'))).toBe(true);
    expect(server.environment?.MONGODB_URL).toMatch(/^mongodb:\/\/mongo:27017\/\w+\?replicaSet=rs0$/);
    expect(server.environment?.REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
    expect(redis.image).toMatch(/^redis:7/);
    expect(server.deploy?.replicas).toBe(2);
    expect(Number(server.environment?.PORT)).toBe(DEFAULT_PORT);
    expect(proxy.volumes).toContain('./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro');
  });

  it('[DP5] nginx balances with least_conn to the server port and upgrades WebSockets', () => {
    expect(nginx).toMatch(/upstream tasklane \{[^}]*least_conn;/);
    expect(nginx).toMatch(new RegExp(`server sync-server:${DEFAULT_PORT}\\b`));
    const socketBlock = /location \/socket\.io\/ \{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    expect(socketBlock).toMatch(/proxy_http_version 1\.1;/);
    expect(socketBlock).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(socketBlock).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(nginx).toMatch(/map \$http_upgrade \$connection_upgrade \{[^}]*default upgrade;/);
  });

  it('[PX2] nginx forwards Host with its port and X-Forwarded-* in every proxied location, hides every /metrics, and substitutes in two lines', () => {
    const locations = [...nginx.matchAll(/^\s*location ([^{\n]+)\{([^}]*)\}/gm)].map((match) => [match[1]!.trim(), match[2]!] as const);
    const proxied = locations.filter(([, body]) => body.includes('proxy_pass'));
    expect(proxied.map(([where]) => where)).toEqual(['/socket.io/', '/']);
    for (const [, body] of proxied) {
      expect(body).toMatch(/proxy_set_header Host \$http_host;/);
      expect(body).toMatch(/proxy_set_header X-Forwarded-Host \$tasklane_forwarded_host;/);
      expect(body).toMatch(/proxy_set_header X-Forwarded-Proto \$tasklane_forwarded_proto;/);
      expect(body).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
      expect(body).toMatch(/proxy_read_timeout \d+s;/);
    }
    expect(nginx.replace(/#.*$/gm, '')).not.toMatch(/\$host\b/); // $host drops the port
    expect(locations.find(([where]) => where === '~* ^/metrics(/|$)')?.[1]).toMatch(/return 404;/);
    const substituted = substituteNginxConf(nginx, ['127.0.0.1:4001', '127.0.0.1:4002'], '127.0.0.1:8081');
    expect(substituted).toMatch(/server 127\.0\.0\.1:4001 [^;]*;\n\s*server 127\.0\.0\.1:4002 [^;]*;/);
    expect(substituted).toMatch(/listen 127\.0\.0\.1:8081;/);
    expect(substituted).not.toMatch(/sync-server:|listen 80;/);
    // The metrics port is on the compose network for Prometheus, never published on the host.
    const server = composeService('sync-server') as ComposeService & { expose?: string[]; ports?: string[] };
    expect(server.expose).toEqual(expect.arrayContaining([String(DEFAULT_PORT), '9464']));
    expect(server.ports).toBeUndefined();
    expect(CONFIG_VARIABLES.find((variable) => variable.name === 'METRICS_PORT')?.fallback).toBe('9464');
  });
});
