import { useState } from 'react';

/** Runs one request at a time: `busy` while it runs, its failure said by `explain` (the account and sharing screens). */
export function useBusyAction<Failure>(explain: (caught: unknown) => Failure) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Failure | null>(null);
  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(explain(caught));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}
