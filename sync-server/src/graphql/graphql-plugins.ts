import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type ParseOptions,
  type Source,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Metrics } from '../metrics/metrics';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import { protocolGraphqlError, withErrorCodes } from './graphql-errors';
import type { GraphqlContext } from './resolvers';
import { GRAPHQL_LIMITS, mutationFieldCount, queryLimitProblem } from './query-limits';

/**
 * [GQ10] The document is parsed with a token limit, then measured against GRAPHQL_LIMITS before graphql-js validates
 * it, its variables known (a `first: $n` counts as n, or as $n's default). The refusal is thrown from the end of
 * parsing, not set as its result: yoga's parser cache keeps only the document, so the same query with smaller
 * variables is judged afresh.
 */
export function useQueryLimits(): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source: string | Source, options?: ParseOptions) => parse(source, { ...options, maxTokens: GRAPHQL_LIMITS.maxTokens }));
      return ({ result, context }) => {
        if (!result || result instanceof Error) return;
        const { operationName, variables } = context.params;
        const problem = queryLimitProblem(result as DocumentNode, operationName, (variables ?? {}) as Record<string, unknown>);
        if (problem) throw protocolGraphqlError(new ProtocolError('INVALID_MESSAGE', problem));
      };
    },
  };
}

/**
 * [GQ14] Each mutation field is a write of REST's: the request counted once against the caller's RATE_LIMIT_API
 * ([GQ8]), and each further mutation field counts once more, before any of them runs. Past the limit nothing is
 * written: 429 RATE_LIMITED with Retry-After.
 */
export function useWriteBudget(deps: { limiter: RateLimiter; metrics: Pick<Metrics, 'rateLimited'> }): Plugin<GraphqlContext> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const writes = mutationFieldCount(args.document as DocumentNode, args.operationName as string | null | undefined);
      const { userId } = args.contextValue;
      for (let write = 1; write < writes; write += 1) {
        const decision = await deps.limiter.hit(userId);
        if (decision.allowed) continue;
        deps.metrics.rateLimited.inc({ limit: '/graphql' });
        const { message, extensions } = protocolGraphqlError(
          new ProtocolError('RATE_LIMITED', `too many writes: this request asks for ${writes}; slow down`, {
            retryAfterMs: decision.retryAfterMs,
          }),
        );
        // yoga answers the status and headers of `extensions.http`, and leaves the field out of the answer.
        const http = { status: 429, headers: { 'Retry-After': String(Math.ceil(decision.retryAfterMs / 1000)) } };
        setResultAndStopExecution({ errors: [new GraphQLError(message, { extensions: { ...extensions, http } })] });
        return;
      }
    },
  };
}

/** [GQ11] `__schema` and `__type` are refused at validation (`NoSchemaIntrospectionCustomRule`). */
export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

/**
 * [GQ11] Where introspection is off, refusals name no field, type or value the query did not write ("Did you mean …"
 * would tell the schema as introspection would): graphql-js's `hideSuggestions`, at validation and at execution.
 */
export function useHiddenSuggestions(): Plugin {
  return {
    onValidate({ setValidationFn }) {
      setValidationFn((schema: GraphQLSchema, document: DocumentNode, rules?: readonly ValidationRule[]) =>
        validate(schema, document, rules, { hideSuggestions: true }),
      );
    },
    onExecute({ args }) {
      (args as { hideSuggestions?: boolean }).hideSuggestions = true;
    },
    onSubscribe({ args }) {
      (args as { hideSuggestions?: boolean }).hideSuggestions = true;
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
