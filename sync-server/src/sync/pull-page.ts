/**
 * [P5]: the longest prefix of `documents` whose JSON array takes at most `maxBytes` (UTF-8), but never an
 * empty one, so a single larger document still goes, alone. The page's checkpoint is its last document,
 * so paging on returns the rest. The same for every collection ([DM22]).
 */
export function capPageBytes<D>(documents: D[], maxBytes: number): D[] {
  let bytes = 2; // the array's brackets
  for (let index = 0; index < documents.length; index += 1) {
    bytes += Buffer.byteLength(JSON.stringify(documents[index])) + (index > 0 ? 1 : 0);
    if (bytes > maxBytes) return documents.slice(0, Math.max(1, index));
  }
  return documents;
}
