import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';

/**
 * [GQ10] What one GraphQL operation may ask for. Cost counts objects: each field with a selection costs 1, times the
 * page size of every enclosing connection (`first`, or its default), so `tasks(first: 500) { items { due { date } } }`
 * costs 1 + 500 + 500; introspection costs nothing (it is bounded by the schema, and off in production, [GQ11]).
 * Depth counts nested fields, introspection's included: the schema's own fields nest at most 4 deep and graphql-js's
 * standard introspection query (`getIntrospectionQuery`) 15, the limit; only a recursive `ofType { ofType { … } }`
 * goes deeper.
 */
export const GRAPHQL_LIMITS = {
  maxDepth: 15,
  maxCost: 2000,
  maxAliases: 10,
  /** Characters of the query text ([GQ10]); a document is parsed only after this check. */
  maxQueryLength: 20_000,
} as const;

/** Page sizes of the fields that take `first`, when the query gives none (the schema's defaults). */
const DEFAULT_PAGE_SIZE: Record<string, number> = { tasks: 50, lists: 100 };

type Walk = { depth: number; cost: number; aliases: number };

function intValue(node: ValueNode | undefined, variables: Record<string, unknown>): number | undefined {
  if (!node) return undefined;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) {
    const value = variables[node.name.value];
    return typeof value === 'number' ? value : undefined;
  }
  return undefined;
}

function measure(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  multiplier: number,
  visiting: Set<string>,
): Walk {
  const total: Walk = { depth: 0, cost: 0, aliases: 0 };
  const add = (walk: Walk, extraDepth: number) => {
    total.depth = Math.max(total.depth, walk.depth + extraDepth);
    total.cost += walk.cost;
    total.aliases += walk.aliases;
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (selection.alias) total.aliases += 1;
      if (!selection.selectionSet) {
        total.depth = Math.max(total.depth, 1);
        continue;
      }
      // Inside introspection nothing costs (multiplier 0); depth still counts.
      const introspection = multiplier === 0 || name.startsWith('__');
      const first = selection.arguments?.find((argument) => argument.name.value === 'first');
      const pageSize = Math.max(1, intValue(first?.value, variables) ?? DEFAULT_PAGE_SIZE[name] ?? 1);
      if (!introspection) total.cost += multiplier;
      add(measure(selection.selectionSet, fragments, variables, introspection ? 0 : multiplier * pageSize, visiting), 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      add(measure(selection.selectionSet, fragments, variables, multiplier, visiting), 0);
    } else {
      const fragment = fragments.get(selection.name.value);
      // A fragment that spreads itself is refused by validation (NoFragmentCycles); it is not followed twice here.
      if (!fragment || visiting.has(fragment.name.value)) continue;
      visiting.add(fragment.name.value);
      add(measure(fragment.selectionSet, fragments, variables, multiplier, visiting), 0);
      visiting.delete(fragment.name.value);
    }
  }
  return total;
}

/** Why the operation is refused, or null when it is within GRAPHQL_LIMITS. */
export function queryLimitProblem(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): string | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operation = document.definitions.find(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName),
  );
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return null;
  const walk = measure(operation.selectionSet, fragments, variables, 1, new Set());
  if (walk.depth > GRAPHQL_LIMITS.maxDepth) return `the query is ${walk.depth} fields deep; at most ${GRAPHQL_LIMITS.maxDepth} are allowed`;
  if (walk.aliases > GRAPHQL_LIMITS.maxAliases)
    return `the query uses ${walk.aliases} aliases; at most ${GRAPHQL_LIMITS.maxAliases} are allowed`;
  if (walk.cost > GRAPHQL_LIMITS.maxCost) {
    return `the query costs ${walk.cost} (objects it may return); at most ${GRAPHQL_LIMITS.maxCost} are allowed: ask for smaller pages`;
  }
  return null;
}
