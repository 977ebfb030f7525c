import { useState } from 'react';
import { explainSharingError, type SharingErrorContext } from './sharing-errors';

/** One sharing request at a time, its failure said in words ([SC1], [SC2]). */
export function useSharingAction(context: SharingErrorContext) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; cause: unknown } | null>(null);
  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError({ text: explainSharingError(caught, context), cause: caught });
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}
