import { NoSchemaIntrospectionCustomRule, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { protocolGraphqlError, withErrorCodes } from './graphql-errors';
import { queryLimitProblem } from './query-limits';

type Operation = {
  args: { document: Parameters<typeof queryLimitProblem>[0]; operationName?: string | null; variableValues?: unknown };
  setResultAndStopExecution: (result: ExecutionResult) => void;
};

/** [GQ10] Refuses an operation past GRAPHQL_LIMITS before it runs, its variables known (a `first: $n` counts as n). */
function refuseCostly({ args, setResultAndStopExecution }: Operation): void {
  const variables = (args.variableValues ?? {}) as Record<string, unknown>;
  const problem = queryLimitProblem(args.document, args.operationName, variables);
  if (problem) setResultAndStopExecution({ errors: [protocolGraphqlError(new ProtocolError('INVALID_MESSAGE', problem))] });
}

export function useQueryLimits(): Plugin {
  return { onExecute: refuseCostly, onSubscribe: refuseCostly };
}

/** [GQ11] `__schema` and `__type` are refused at validation (`NoSchemaIntrospectionCustomRule`). */
export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

/** [GQ6] Every error of an answer (not of a stream) carries one of our codes in `extensions.code`. */
export function useErrorCodes(): Plugin {
  return {
    onResultProcess(payload) {
      const { result } = payload;
      if (Array.isArray(result)) payload.setResult(result.map(withErrorCodes));
      else if (!(Symbol.asyncIterator in result)) payload.setResult(withErrorCodes(result as ExecutionResult));
    },
  };
}
