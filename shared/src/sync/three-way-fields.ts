/** Equality of field values as JSON (arrays and objects compare by content). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The three-way rule of docs/protocol.md [M1], [M2], for the fields named: a field changed on one side only keeps
 * that change; a field changed on both sides to different values is contested and goes to the local side only when
 * it is newer. Without a base every differing field counts as changed on both sides ([M6]). Writes into `merged`
 * (which starts as the master) and returns the contested fields; `custom` may take a field over (tags merge as sets).
 */
export function mergeThreeWayFields<D extends object, F extends keyof D & string>(options: {
  fields: readonly F[];
  local: D;
  master: D;
  base: D | undefined;
  localIsNewer: boolean;
  merged: D;
  custom?: (field: F, base: D) => boolean;
}): F[] {
  const { fields, local, master, base, localIsNewer, merged, custom } = options;
  const contested: F[] = [];
  for (const field of fields) {
    if (sameValue(local[field], master[field])) continue;
    if (base && custom?.(field, base)) continue;
    const localChanged = !base || !sameValue(local[field], base[field]);
    const masterChanged = !base || !sameValue(master[field], base[field]);
    if (localChanged && !masterChanged) {
      merged[field] = local[field];
    } else if (localChanged && masterChanged) {
      contested.push(field);
      if (localIsNewer) merged[field] = local[field];
    }
  }
  return contested;
}
