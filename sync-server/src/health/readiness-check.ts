/**
 * One dependency `/ready` asks about; `check` throws when it cannot serve. A `required` check that fails makes
 * the instance not ready (503); one that is not required only marks it degraded ([O9]). Default: required.
 */
export type ReadinessCheck = { name: string; check: () => Promise<void>; required?: boolean };
