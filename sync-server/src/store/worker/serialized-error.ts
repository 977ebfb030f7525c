import type { ErrorCode } from '@tasklane/shared/protocol/error-codes';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';

type Primitive = string | number | boolean | null;

/**
 * An error as it crosses the store worker's thread boundary. Structured clone would deliver a plain
 * `Error` without `code`, so ProtocolErrors keep their code and retryAfterMs, and any other error its
 * name, message, worker-side stack, primitive own properties (SQLite's `code`) and cause.
 */
export type SerializedError =
  | { kind: 'protocol'; code: ErrorCode; message: string; retryAfterMs?: number; stack?: string }
  | { kind: 'fault-hook'; id: number }
  | { kind: 'error'; name: string; message: string; stack?: string; props: Record<string, Primitive>; cause?: SerializedError };

/** A test fault hook ran on the main thread and threw there; the main thread keeps what it threw under `id`. */
export class FaultHookThrew extends Error {
  constructor(readonly id: number) {
    super('a fault hook threw on the main thread');
  }
}

const BUILT_IN_ERRORS: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};
const MAX_CAUSE_DEPTH = 4;

export function serializeError(error: unknown, depth = 0): SerializedError {
  if (error instanceof FaultHookThrew) return { kind: 'fault-hook', id: error.id };
  if (error instanceof ProtocolError) {
    return {
      kind: 'protocol',
      code: error.code,
      message: error.message,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    };
  }
  if (!(error instanceof Error)) return { kind: 'error', name: 'Error', message: String(error), props: {} };
  const props: Record<string, Primitive> = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) props[key] = value as Primitive;
  }
  const cause = error.cause !== undefined && depth < MAX_CAUSE_DEPTH ? serializeError(error.cause, depth + 1) : undefined;
  return {
    kind: 'error',
    name: error.name,
    message: error.message,
    props,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(cause ? { cause } : {}),
  };
}

/** `faultHookError` hands back what a fault hook threw on this (the main) thread, the very same object. */
export function deserializeError(serialized: SerializedError, faultHookError: (id: number) => unknown): unknown {
  if (serialized.kind === 'fault-hook') return faultHookError(serialized.id);
  if (serialized.kind === 'protocol') {
    const error = new ProtocolError(
      serialized.code,
      serialized.message,
      serialized.retryAfterMs === undefined ? {} : { retryAfterMs: serialized.retryAfterMs },
    );
    if (serialized.stack !== undefined) error.stack = serialized.stack;
    return error;
  }
  const Constructor = BUILT_IN_ERRORS[serialized.name] ?? Error;
  const cause = serialized.cause ? deserializeError(serialized.cause, faultHookError) : undefined;
  const error = new Constructor(serialized.message, cause === undefined ? undefined : { cause });
  if (error.name !== serialized.name) error.name = serialized.name;
  Object.assign(error, serialized.props);
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}
