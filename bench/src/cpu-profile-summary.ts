export type CpuProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
};
export type CpuProfile = { nodes: CpuProfileNode[]; samples?: number[]; timeDeltas?: number[]; startTime: number; endTime: number };

type Cost = { name: string; selfMs: number; totalMs: number };

const frameName = (node: CpuProfileNode) => {
  const file = node.callFrame.url.split('/').pop() || '';
  return `${node.callFrame.functionName || '(anonymous)'}${file ? ` ${file}:${node.callFrame.lineNumber + 1}` : ''}`;
};

/** Self and inclusive time per function of a CDP `Profiler` profile (inclusive time counts a recursive function once per sample). */
export function costsOf(profile: CpuProfile): Cost[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const costs = new Map<string, Cost>();
  const cost = (name: string) => {
    let entry = costs.get(name);
    if (!entry) costs.set(name, (entry = { name, selfMs: 0, totalMs: 0 }));
    return entry;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i += 1) {
    // a sample's duration is the gap to the next sample
    const ms = (deltas[i + 1] ?? 0) / 1000;
    let id: number | undefined = samples[i];
    const seen = new Set<string>();
    let self = true;
    while (id !== undefined) {
      const node = byId.get(id)!;
      const name = frameName(node);
      if (self) cost(name).selfMs += ms;
      self = false;
      if (!seen.has(name)) {
        seen.add(name);
        cost(name).totalMs += ms;
      }
      id = parent.get(id);
    }
  }
  return [...costs.values()];
}

/** The top functions by self time and by inclusive time, as text. */
export function summariseCpuProfile(profile: CpuProfile, top = 25): string {
  const costs = costsOf(profile);
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  const line = (entry: Cost) =>
    `  ${entry.selfMs.toFixed(0).padStart(7)} ms self ${entry.totalMs.toFixed(0).padStart(7)} ms total  ${entry.name}`;
  const bySelf = [...costs].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  const byTotal = [...costs].sort((a, b) => b.totalMs - a.totalMs).slice(0, top * 2);
  return [`profile: ${wallMs.toFixed(0)} ms wall`, 'by self time:', ...bySelf.map(line), 'by inclusive time:', ...byTotal.map(line)].join(
    '\n',
  );
}
