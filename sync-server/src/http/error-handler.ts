import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { toProtocolError } from '../errors/to-protocol-error';
import { HTTP_STATUS_BY_CODE } from './http-status';

type BodyParserError = { type?: string; status?: number };

function fromBodyParser(error: unknown): ProtocolError | null {
  const type = (error as BodyParserError | null)?.type;
  if (type === 'entity.too.large') return new ProtocolError('PAYLOAD_TOO_LARGE', 'request body is too large');
  if (type === 'entity.parse.failed') return new ProtocolError('INVALID_MESSAGE', 'request body is not valid JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new ProtocolError('INVALID_MESSAGE', 'request body encoding is not supported');
  }
  return null;
}

/**
 * `req.log` is the request's logger (pino-http), so the error line carries the request id. Refusals are
 * counted where they happen (`rateLimit`): here, `req.baseUrl` no longer names the router that refused.
 */
export function createErrorHandler(): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const protocolError = fromBodyParser(error) ?? toProtocolError(error, req.log, `${req.method} ${req.path}`);
    if (protocolError.retryAfterMs !== undefined) res.setHeader('Retry-After', Math.ceil(protocolError.retryAfterMs / 1000));
    res.status(HTTP_STATUS_BY_CODE[protocolError.code]).json({ error: protocolError.toBody() });
  };
}

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new ProtocolError('NOT_FOUND', `no route ${req.method} ${req.path}`));
};
