import { useBusyAction } from '../use-busy-action';
import { explainSharingError, type SharingErrorContext } from './sharing-errors';

/** One sharing request at a time, its failure said in words ([SC1], [SC2]). */
export function useSharingAction(context: SharingErrorContext) {
  return useBusyAction((caught) => ({ text: explainSharingError(caught, context), cause: caught }));
}
