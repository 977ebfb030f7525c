// Validates Kubernetes objects against the API schemas of `kubernetes-models` (and the Prometheus Operator's CRD models).
// Those packages are ES modules only, which jest's CommonJS runtime cannot load: the test runs this file with node.
// Input on stdin: a JSON array of objects. Output on stdout: a JSON array of { kind, name, error }, error null when valid.
import { readFileSync } from 'node:fs';

/** apiVersion → the package entry that exports one model class per kind. */
function modelModule(apiVersion) {
  if (apiVersion.startsWith('monitoring.coreos.com/')) return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  return `kubernetes-models/${apiVersion}`;
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const object of objects) {
  const name = object.metadata?.name ?? '';
  let error = null;
  try {
    const models = await import(modelModule(object.apiVersion));
    const Model = models[object.kind];
    if (typeof Model !== 'function') throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
    new Model(object).validate();
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  results.push({ kind: object.kind, name, error });
}
process.stdout.write(JSON.stringify(results));
