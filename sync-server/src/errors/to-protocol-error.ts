import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Logger } from '../logging/logger';

/** Anything that is not a ProtocolError becomes INTERNAL and is logged once, at error level. */
export function toProtocolError(error: unknown, logger: Logger, context: string): ProtocolError {
  if (error instanceof ProtocolError) return error;
  logger.error({ err: error, context }, 'unexpected error');
  return new ProtocolError('INTERNAL', 'the server failed to handle this request');
}
