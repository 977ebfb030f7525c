import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import rootPackage from '../../package.json';
import { CONFIG_VARIABLES } from '../src/config-variables';
import {
  K8S_DIR,
  ROOT,
  readK8sObjects,
  restrictedProfileViolations,
  type K8sObject,
  type Labels,
  type PodSpec,
} from './support/k8s-manifests';

/** No cluster runs here: the manifests are held to the API schemas and to the rules of docs/deploy.md ([KB…], [DP6], [DP7]). */
type DeploymentSpec = {
  replicas?: number;
  selector: { matchLabels: Labels };
  strategy: { rollingUpdate: { maxUnavailable: number; maxSurge: number } };
  template: { metadata: { labels: Labels }; spec: PodSpec };
};
type ServiceSpec = { selector: Labels; ports: { name: string; port: number; targetPort: number }[] };
type HpaSpec = {
  scaleTargetRef: { kind: string; name: string };
  minReplicas: number;
  maxReplicas: number;
  metrics: { type: string; resource?: { name: string; target: { type: string; averageUtilization: number } } }[];
};
type PdbSpec = { selector: { matchLabels: Labels }; minAvailable: number };
type IngressSpec = {
  ingressClassName?: string;
  rules: { http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }[];
};
type PolicyPeer = { namespaceSelector?: { matchLabels: Labels }; podSelector?: { matchLabels: Labels } };
type PolicyPort = { protocol: string; port: number };
type NetworkPolicySpec = {
  podSelector: { matchLabels: Labels };
  policyTypes: string[];
  ingress: { from: PolicyPeer[]; ports: PolicyPort[] }[];
  egress: { to?: PolicyPeer[]; ports: PolicyPort[] }[];
};
type PodMonitorSpec = { selector: { matchLabels: Labels }; podMetricsEndpoints: { port: string; path: string }[] };

const VALIDATOR = path.join(__dirname, 'support/validate-k8s-objects.mjs');
const DEFAULT_PORT = Number(CONFIG_VARIABLES.find((variable) => variable.name === 'PORT')!.fallback);
/** METRICS_PORT's default; 9464 is the OpenTelemetry/Prometheus exporter convention the server follows. */
const METRICS_PORT = Number(CONFIG_VARIABLES.find((variable) => variable.name === 'METRICS_PORT')?.fallback ?? 9464);
/** The server's own bound on shutdown after SIGTERM ([O6] in docs/operations.md), read from the code that enforces it. */
const SHUTDOWN_LIMIT_SECONDS =
  Number(/SHUTDOWN_LIMIT_MS = (\d+)/.exec(fs.readFileSync(path.join(ROOT, 'sync-server/src/main.ts'), 'utf8'))![1]) / 1000;

const entries = readK8sObjects();
const objects = entries.map((entry) => entry.object);
const k8s = <Spec>(kind: string): K8sObject<Spec> => {
  const found = objects.find((object) => object.kind === kind);
  if (!found) throw new Error(`k8s/ has no ${kind}`);
  return found as K8sObject<Spec>;
};
const deployment = k8s<DeploymentSpec>('Deployment');
const pod = deployment.spec.template.spec;
const container = pod.containers[0]!;
const podLabels = deployment.spec.template.metadata.labels;
const kustomization = parse(fs.readFileSync(path.join(K8S_DIR, 'kustomization.yaml'), 'utf8')) as {
  namespace: string;
  resources: string[];
  images: { name: string; newTag: string }[];
};

/** Runs the schema validator (an ES module, see its header) over `list`; one error message or null per object. */
function schemaErrors(list: unknown[]): (string | null)[] {
  const output = execFileSync(process.execPath, [VALIDATOR], { input: JSON.stringify(list), encoding: 'utf8' });
  return (JSON.parse(output) as { error: string | null }[]).map((result) => result.error);
}

describe('Kubernetes manifests', () => {
  it('[KB1] every object in k8s/ validates against the Kubernetes API schemas (the PodMonitor against its CRD model)', () => {
    const errors = schemaErrors(objects);
    expect(objects.map((object, index) => ({ kind: object.kind, error: errors[index] }))).toEqual(
      objects.map((object) => ({ kind: object.kind, error: null })),
    );
    expect(objects.map((object) => object.kind)).toEqual(expect.arrayContaining(['Deployment', 'NetworkPolicy', 'PodMonitor']));
    // The check can fail: a port given as a word and a bad scrape interval are refused.
    const broken = structuredClone(deployment) as unknown as { spec: { template: { spec: { containers: { ports: unknown[] }[] } } } };
    broken.spec.template.spec.containers[0]!.ports = [{ containerPort: 'three thousand' }];
    const brokenMonitor = structuredClone(k8s<PodMonitorSpec>('PodMonitor'));
    (brokenMonitor.spec.podMetricsEndpoints[0] as unknown as Record<string, string>).interval = 'often';
    const [deploymentError, monitorError] = schemaErrors([broken, brokenMonitor]);
    expect(deploymentError).toMatch(/containerPort must be integer/);
    expect(monitorError).toMatch(/interval must match pattern/);
  });

  it('[KB2] the pod passes Pod Security "restricted", which its namespace enforces; the root file system is read-only, writes go to emptyDirs', () => {
    expect(k8s('Namespace').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(restrictedProfileViolations(pod)).toEqual([]);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    const emptyDirs = (pod.volumes ?? []).filter((volume) => 'emptyDir' in volume).map((volume) => volume.name);
    const writable = (container.volumeMounts ?? []).filter((mount) => emptyDirs.includes(mount.name)).map((mount) => mount.mountPath);
    expect(writable.sort()).toEqual(['/data', '/tmp']);
    // The checker is not a rubber stamp.
    const loose = structuredClone(pod);
    loose.hostNetwork = true;
    loose.containers[0]!.securityContext = { privileged: true, capabilities: { add: ['SYS_ADMIN'] } };
    expect(restrictedProfileViolations(loose)).toEqual([
      'host namespaces are shared',
      'container sync-server is privileged',
      'container sync-server does not set allowPrivilegeEscalation: false',
      'container sync-server does not drop ALL capabilities',
      'container sync-server adds capabilities SYS_ADMIN',
    ]);
  });

  it('[KB3] the HPA owns the replica count (CPU and memory), and pods spread across nodes', () => {
    expect(deployment.spec).not.toHaveProperty('replicas');
    const hpa = k8s<HpaSpec>('HorizontalPodAutoscaler');
    expect(hpa.spec.metrics.map((metric) => metric.resource?.name).sort()).toEqual(['cpu', 'memory']);
    const byNode = pod.topologySpreadConstraints?.find((constraint) => constraint.topologyKey === 'kubernetes.io/hostname');
    expect(byNode).toMatchObject({ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: podLabels } });
  });

  it('[KB4] rolling updates drain: a preStop pause, then a bounded shutdown inside the grace period; a new pod is ready before an old one goes', () => {
    const command = container.lifecycle?.preStop?.exec?.command ?? [];
    expect(command[0]).toBe('sleep');
    const pause = Number(command[1]);
    expect(pause).toBeGreaterThanOrEqual(5);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(pause + SHUTDOWN_LIMIT_SECONDS + 5);
    // The runtime image is Debian-based Node, which has /bin/sleep (a distroless image would need the `sleep` action).
    const runtimeBase = /^FROM (\S+) AS runtime$/m.exec(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'))?.[1];
    expect(runtimeBase).toMatch(/^node:\d+-(bookworm|trixie)-slim$/);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
  });

  it('[KB5] the NetworkPolicy admits the app port from the ingress controller, the metrics port from monitoring, and lets out only DNS, MongoDB, Redis and HTTPS', () => {
    const policy = k8s<NetworkPolicySpec>('NetworkPolicy').spec;
    expect(policy.podSelector.matchLabels).toEqual(podLabels);
    expect(policy.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
    const admitted = policy.ingress.map((rule) => ({
      from: rule.from.map((peer) => peer.namespaceSelector?.matchLabels['kubernetes.io/metadata.name']),
      ports: rule.ports.map((port) => port.port),
    }));
    expect(admitted).toEqual([
      { from: ['ingress-nginx'], ports: [DEFAULT_PORT] },
      { from: ['monitoring'], ports: [METRICS_PORT] },
    ]);
    const egressPorts = policy.egress.flatMap((rule) => rule.ports.map((port) => `${port.protocol}/${port.port}`));
    expect(egressPorts.sort()).toEqual(['TCP/27017', 'TCP/443', 'TCP/53', 'TCP/6379', 'TCP/6380', 'UDP/53']);
    const dns = policy.egress.find((rule) => rule.ports.some((port) => port.port === 53));
    expect(dns?.to?.[0]?.podSelector?.matchLabels).toEqual({ 'k8s-app': 'kube-dns' });
  });

  it('[KB6] Prometheus scrapes the metrics port of each pod; the Service and the Ingress carry only the public port, with no controller-specific annotations', () => {
    expect(container.ports).toEqual([
      { name: 'http', containerPort: DEFAULT_PORT },
      { name: 'metrics', containerPort: METRICS_PORT },
    ]);
    const monitor = k8s<PodMonitorSpec>('PodMonitor');
    expect(monitor.spec.selector.matchLabels).toEqual(podLabels);
    expect(monitor.spec.podMetricsEndpoints).toEqual([expect.objectContaining({ port: 'metrics', path: '/metrics' })]);
    const service = k8s<ServiceSpec>('Service');
    expect(service.spec.ports.map((port) => port.targetPort)).toEqual([DEFAULT_PORT]);
    const ingress = k8s<IngressSpec>('Ingress');
    expect(ingress.metadata.annotations ?? {}).toEqual({});
    expect(ingress.spec.ingressClassName).toBeUndefined();
  });

  it("[KB8] a second PodMonitor scrapes the notifier pods' metrics port (reminders_*), which their NetworkPolicy admits from monitoring; the two select apart", () => {
    const monitors = objects.filter((object) => object.kind === 'PodMonitor') as K8sObject<PodMonitorSpec>[];
    const notifier = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === 'tasklane-notifier') as
      K8sObject<DeploymentSpec> | undefined;
    expect(notifier).toBeDefined();
    const notifierLabels = notifier!.spec.template.metadata.labels;
    const notifierMonitor = monitors.find((monitor) => monitor.metadata.name === 'tasklane-notifier');
    expect(notifierMonitor?.spec.selector.matchLabels).toEqual(notifierLabels);
    // each PodMonitor selects only its own pods, and the same Prometheus (its release label) selects both
    expect(
      monitors.map((monitor) => monitor.spec.selector.matchLabels).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    ).toEqual([podLabels, notifierLabels].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)));
    expect(new Set(monitors.map((monitor) => monitor.metadata.labels?.release)).size).toBe(1);
    const [endpoint] = notifierMonitor!.spec.podMetricsEndpoints;
    expect(endpoint).toEqual(expect.objectContaining({ port: 'metrics', path: '/metrics' }));
    const notifierPort = notifier!.spec.template.spec.containers[0]!.ports.find((port) => port.name === endpoint!.port);
    expect(notifierPort?.containerPort).toBe(METRICS_PORT);
    const policy = objects.find((object) => object.kind === 'NetworkPolicy' && object.metadata.name === 'tasklane-notifier') as
      K8sObject<NetworkPolicySpec> | undefined;
    expect(policy?.spec.podSelector.matchLabels).toEqual(notifierLabels);
    expect(
      policy?.spec.ingress.map((rule) => ({
        from: rule.from.map((peer) => peer.namespaceSelector?.matchLabels['kubernetes.io/metadata.name']),
        ports: rule.ports.map((port) => port.port),
      })),
    ).toEqual([{ from: ['monitoring'], ports: [METRICS_PORT] }]);
    // the monitors live in podmonitor.yaml, the one line to drop on a cluster without the operator's CRDs
    expect(new Set(entries.filter((entry) => entry.object.kind === 'PodMonitor').map((entry) => entry.file))).toEqual(
      new Set(['podmonitor.yaml']),
    );
  });

  it('[KB7] kustomization.yaml applies every manifest but the example Secret, in one namespace, with the image of this release', () => {
    const files = [...new Set(entries.map((entry) => entry.file))].filter((file) => file !== 'secret.example.yaml');
    expect([...kustomization.resources].sort()).toEqual(files);
    expect(kustomization.namespace).toBe(k8s('Namespace').metadata.name);
    const [repository, tag] = container.image.split(':');
    expect(tag).toBe(rootPackage.version);
    expect(kustomization.images).toEqual([{ name: repository, newTag: rootPackage.version }]);
  });

  it('[DP6] Kubernetes: probes on /health and /ready, resources, secrets from a Secret, non-root', () => {
    expect(container.env.find((variable) => variable.name === 'PORT')?.value).toBe(String(DEFAULT_PORT));
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    expect(container.readinessProbe.httpGet.path).toBe('/ready');
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    const secret = k8s('Secret');
    for (const name of ['JWT_SECRET', 'JWT_REFRESH_SECRET', 'MONGODB_URL', 'REDIS_URL']) {
      const variable = container.env.find((candidate) => candidate.name === name);
      expect(variable?.valueFrom?.secretKeyRef).toEqual({ name: secret.metadata.name, key: name });
    }
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser).not.toBe(0);
  });

  it('[DP7] Kubernetes: the Service, HPA (3-10 at 70% CPU), PDB and Ingress point at the Deployment', () => {
    const service = k8s<ServiceSpec>('Service');
    expect(service.spec.selector).toEqual(podLabels);
    expect(deployment.spec.selector.matchLabels).toEqual(podLabels);
    const hpa = k8s<HpaSpec>('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([3, 10]);
    expect(hpa.spec.metrics[0]?.resource).toEqual({ name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } });
    const pdb = k8s<PdbSpec>('PodDisruptionBudget');
    expect(pdb.spec.selector.matchLabels).toEqual(podLabels);
    expect(pdb.spec.minAvailable).toBeLessThan(hpa.spec.minReplicas);
    const ingress = k8s<IngressSpec>('Ingress');
    const backend = ingress.spec.rules[0]?.http.paths[0]?.backend.service;
    expect(backend?.name).toBe(service.metadata.name);
    expect(service.spec.ports.map((port) => port.name)).toContain(backend?.port.name);
  });
});
