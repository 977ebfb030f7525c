import type { RefusedRow } from '@tasklane/shared/protocol/push';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';

/** A REST write is one push row ([T1]): a refused row is the request's error, with the row's code and message ([RJ3]). */
export function throwIfRefused(outcome: { refused?: RefusedRow[] }): void {
  const [refused] = outcome.refused ?? [];
  if (refused) throw new ProtocolError(refused.code, refused.message);
}
