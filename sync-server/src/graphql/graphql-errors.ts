import { GraphQLError } from 'graphql';
import type { ExecutionResult } from 'graphql';
import { ERROR_CODES, type ErrorCode } from '@tasklane/shared/protocol/error-codes';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { toProtocolError } from '../errors/to-protocol-error';
import type { Logger } from '../logging/logger';

const KNOWN_CODES = new Set<string>(ERROR_CODES);

/** The error a GraphQL client sees for a ProtocolError: its message, and its stable code in `extensions` ([GQ6]). */
export function protocolGraphqlError(error: ProtocolError, at?: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    ...(at ? { nodes: at.nodes, path: at.path } : {}),
    extensions: {
      code: error.code,
      retryable: error.retryable,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    },
  });
}

/** The innermost error a resolver threw, under graphql-js's wrappers. */
function originalOf(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

/**
 * [GQ12] yoga's `maskError`: a ProtocolError keeps its code and message; an error of the request itself (syntax,
 * validation, variables) is `INVALID_MESSAGE`; anything else is `INTERNAL` with a fixed message, logged once at
 * error level like every unexpected error of the server — never its stack or text in the answer.
 */
export function createMaskError(logger: Logger): (error: unknown) => Error {
  return (error) => {
    const original = originalOf(error);
    const at = error instanceof GraphQLError ? error : undefined;
    if (original instanceof ProtocolError) return protocolGraphqlError(original, at);
    if (original instanceof GraphQLError) return withCode(original);
    // [GQ6] A request nested deeper than the stack (limits bound the query and JSON inputs; this is the backstop).
    if (original instanceof RangeError && /call stack/i.test(original.message)) {
      return protocolGraphqlError(new ProtocolError('INVALID_MESSAGE', 'the request is nested too deeply'), at);
    }
    return protocolGraphqlError(toProtocolError(original, logger, 'graphql'), at);
  };
}

/** A GraphQL error without one of our codes (yoga's and graphql-js's own refusals are the request's fault). */
function withCode(error: GraphQLError, code: ErrorCode = 'INVALID_MESSAGE'): GraphQLError {
  const current = error.extensions.code;
  if (typeof current === 'string' && KNOWN_CODES.has(current)) return error;
  const { http: _http, unexpected: _unexpected, ...extensions } = error.extensions;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    path: error.path,
    extensions: { ...extensions, code, retryable: false },
  });
}

/** Gives every error of a single (non-streamed) result one of our codes. */
export function withErrorCodes(result: ExecutionResult): ExecutionResult {
  if (!result.errors || result.errors.length === 0) return result;
  return { ...result, errors: result.errors.map((error) => withCode(error)) };
}
