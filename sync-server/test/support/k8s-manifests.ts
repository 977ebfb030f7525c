import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The parts of the Kubernetes objects under k8s/ that the tests read; the schemas check the rest. */
export type Labels = Record<string, string>;
export type SecurityContext = {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type: string };
};
export type Probe = { httpGet: { path: string; port: string | number } };
export type Container = {
  name: string;
  image: string;
  ports: { name: string; containerPort: number; hostPort?: number }[];
  env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  livenessProbe: Probe;
  readinessProbe: Probe;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string }[];
};
export type PodSpec = {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  terminationGracePeriodSeconds?: number;
  volumes?: Record<string, unknown>[];
  topologySpreadConstraints?: { topologyKey: string; maxSkew: number; whenUnsatisfiable: string; labelSelector: { matchLabels: Labels } }[];
};
export type K8sObject<Spec = unknown> = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Labels; annotations?: Record<string, string> };
  spec: Spec;
};

export const ROOT = path.resolve(__dirname, '../../..');
export const K8S_DIR = path.join(ROOT, 'k8s');

/** Every object of every k8s/*.yaml except the kustomization (not an API object), with the file it came from. */
export function readK8sObjects(): { file: string; object: K8sObject }[] {
  return fs
    .readdirSync(K8S_DIR)
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .sort()
    .flatMap((file) =>
      parseAllDocuments(fs.readFileSync(path.join(K8S_DIR, file), 'utf8')).map((document) => ({
        file,
        object: document.toJS() as K8sObject,
      })),
    );
}

/**
 * What Pod Security admission's "restricted" profile (and "baseline", which it includes) refuses in a pod spec,
 * one message per violation (kubernetes.io/docs/concepts/security/pod-security-standards).
 */
export function restrictedProfileViolations(pod: PodSpec): string[] {
  const problems: string[] = [];
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) problems.push('host namespaces are shared');
  const allowedVolumes = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
  for (const volume of pod.volumes ?? []) {
    const types = Object.keys(volume).filter((key) => key !== 'name');
    if (!types.every((type) => allowedVolumes.includes(type))) problems.push(`volume ${String(volume.name)} is of type ${types.join(',')}`);
  }
  const podContext = pod.securityContext ?? {};
  for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
    const own = container.securityContext ?? {};
    const where = `container ${container.name}`;
    if (own.privileged) problems.push(`${where} is privileged`);
    if (container.ports.some((port) => port.hostPort !== undefined && port.hostPort !== 0)) problems.push(`${where} uses a hostPort`);
    if (own.allowPrivilegeEscalation !== false) problems.push(`${where} does not set allowPrivilegeEscalation: false`);
    if ((own.runAsNonRoot ?? podContext.runAsNonRoot) !== true) problems.push(`${where} does not set runAsNonRoot: true`);
    if ((own.runAsUser ?? podContext.runAsUser) === 0) problems.push(`${where} runs as uid 0`);
    const seccomp = (own.seccompProfile ?? podContext.seccompProfile)?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
      problems.push(`${where} has no RuntimeDefault or Localhost seccomp profile`);
    if (!own.capabilities?.drop?.includes('ALL')) problems.push(`${where} does not drop ALL capabilities`);
    const added = (own.capabilities?.add ?? []).filter((capability) => capability !== 'NET_BIND_SERVICE');
    if (added.length > 0) problems.push(`${where} adds capabilities ${added.join(',')}`);
  }
  return problems;
}
