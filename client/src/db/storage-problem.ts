/** What the app tells the user when the browser's database cannot be used. */
export type StorageProblem = 'unavailable' | 'full';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function names(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== 'object' || depth > 4) return [];
  const own = error as {
    name?: unknown;
    message?: unknown;
    cause?: unknown;
    inner?: unknown;
    parameters?: { error?: unknown; errors?: unknown[] };
  };
  const found = [text(own.name), text(own.message)];
  for (const nested of [own.cause, own.inner, own.parameters?.error, ...(own.parameters?.errors ?? [])])
    found.push(...names(nested, depth + 1));
  return found;
}

/** Classifies an error from opening or writing the database; null when it is not a storage problem. */
export function storageProblemOf(error: unknown): StorageProblem | null {
  const text = names(error).join(' ');
  if (/QuotaExceeded|quota|disk is full|storage.*full/i.test(text)) return 'full';
  if (/indexedDB|IndexedDB|InvalidStateError|SecurityError|UnknownError|MissingAPIError|DatabaseClosed|OpenFailed/i.test(text))
    return 'unavailable';
  return null;
}

export const STORAGE_PROBLEM_MESSAGE: Record<StorageProblem, string> = {
  unavailable:
    'This browser does not let Tasklane store data on this device (IndexedDB is unavailable — private browsing or a blocked site setting can cause this). Your tasks cannot be kept offline here. Try a normal window or another browser.',
  full: 'This device is out of storage space, so Tasklane cannot save changes. Free some space (or remove other sites’ data) and try again; nothing already saved is lost.',
};
