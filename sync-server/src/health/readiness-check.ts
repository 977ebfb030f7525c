/** One dependency `/ready` asks about; `check` throws when it cannot serve. */
export type ReadinessCheck = { name: string; check: () => Promise<void> };
