import {
  BREAK,
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { TASK_SEARCH_SCAN } from './task-search';

/**
 * [GQ10] What one GraphQL document may ask for, checked right after parsing and before graphql-js validates it (whose
 * overlapping-fields rule is quadratic in the fields of a selection). Cost counts objects: each field with a selection
 * costs 1, times the page size of every enclosing connection (`first`, a variable's value or default, or the schema's
 * default), so `tasks(first: 500) { items { due { date } } }` costs 1 + 500 + 500; introspection costs nothing (it is
 * bounded by the schema, and off in production, [GQ11]). Depth counts nested fields, introspection's included: the
 * schema's own fields nest at most 4 deep and graphql-js's standard introspection query (`getIntrospectionQuery`) 15,
 * the limit. Fields count every field selected, a fragment's once per spread: the standard introspection query selects
 * 220. A `tasks` field filtered by tag or due reads up to TASK_SEARCH_SCAN.maxExamined tasks in memory ([GQ3]): a request
 * may read that many at most, so it holds one such field.
 */
export const GRAPHQL_LIMITS = {
  maxDepth: 15,
  maxCost: 2000,
  maxAliases: 10,
  maxFields: 300,
  maxScanned: TASK_SEARCH_SCAN.maxExamined,
  /** Lexical tokens of the query: graphql-js stops parsing past them ([GQ10]); the introspection query has 170. */
  maxTokens: 1000,
  /** Characters of the query text ([GQ10]); a document is parsed only after this check. */
  maxQueryLength: 8_000,
} as const;

/** Page sizes of the fields that take `first`, when the query gives none (the schema's defaults). */
const DEFAULT_PAGE_SIZE: Record<string, number> = { tasks: 50, lists: 100 };
/** The filters `tasks` applies in memory rather than in the store ([GQ3]). */
const SCANNING_FILTERS = ['tag', 'dueFrom', 'dueTo'];

type Walk = { depth: number; cost: number; aliases: number; scanned: number };

type Scope = {
  fragments: Map<string, FragmentDefinitionNode>;
  /** The request's variables, and the operation's defaults for those it leaves out ([GQ10]: a default counts too). */
  variables: Record<string, unknown>;
  defaults: Map<string, ValueNode>;
  /** Fields walked so far: the walk stops past maxFields, so that spreading one fragment many times costs no more. */
  fields: number;
};

/** A variable's value as the request gives it, or its default in the operation; undefined when it has none. */
function variableValue(name: string, scope: Scope): unknown {
  if (Object.hasOwn(scope.variables, name)) return scope.variables[name];
  const fallback = scope.defaults.get(name);
  return fallback ? literal(fallback, scope) : undefined;
}

/** The JSON value of a literal, as far as limits need it: numbers, objects and the variables inside them. */
function literal(node: ValueNode, scope: Scope): unknown {
  switch (node.kind) {
    case Kind.INT:
      return Number(node.value);
    case Kind.STRING:
      return node.value;
    case Kind.VARIABLE:
      return variableValue(node.name.value, scope);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, literal(field.value, scope)]));
    default:
      return undefined;
  }
}

function argument(field: FieldNode, name: string, scope: Scope): unknown {
  const node = field.arguments?.find((candidate) => candidate.name.value === name)?.value;
  return node ? literal(node, scope) : undefined;
}

/** Whether a `tasks` field filters by tag or due, which reads up to TASK_SEARCH_SCAN.maxExamined tasks ([GQ3]). */
function scans(field: FieldNode, scope: Scope): boolean {
  if (field.name.value !== 'tasks') return false;
  const filter = argument(field, 'filter', scope);
  if (typeof filter !== 'object' || filter === null) return false;
  return SCANNING_FILTERS.some((key) => (filter as Record<string, unknown>)[key] != null);
}

function measure(selectionSet: SelectionSetNode, scope: Scope, multiplier: number, visiting: Set<string>): Walk {
  const total: Walk = { depth: 0, cost: 0, aliases: 0, scanned: 0 };
  const add = (walk: Walk, extraDepth: number) => {
    total.depth = Math.max(total.depth, walk.depth + extraDepth);
    total.cost += walk.cost;
    total.aliases += walk.aliases;
    total.scanned += walk.scanned;
  };
  for (const selection of selectionSet.selections) {
    if (scope.fields > GRAPHQL_LIMITS.maxFields) break;
    if (selection.kind === Kind.FIELD) {
      scope.fields += 1;
      const name = selection.name.value;
      if (selection.alias) total.aliases += 1;
      if (!selection.selectionSet) {
        total.depth = Math.max(total.depth, 1);
        continue;
      }
      // Inside introspection nothing costs (multiplier 0); depth still counts.
      const introspection = multiplier === 0 || name.startsWith('__');
      const first = argument(selection, 'first', scope);
      const pageSize = Math.max(1, typeof first === 'number' ? first : (DEFAULT_PAGE_SIZE[name] ?? 1));
      if (!introspection) total.cost += multiplier;
      if (!introspection && scans(selection, scope)) total.scanned += multiplier * TASK_SEARCH_SCAN.maxExamined;
      add(measure(selection.selectionSet, scope, introspection ? 0 : multiplier * pageSize, visiting), 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      add(measure(selection.selectionSet, scope, multiplier, visiting), 0);
    } else {
      const fragment = scope.fragments.get(selection.name.value);
      // A fragment that spreads itself is refused by validation (NoFragmentCycles); it is not followed twice here.
      if (!fragment || visiting.has(fragment.name.value)) continue;
      visiting.add(fragment.name.value);
      add(measure(fragment.selectionSet, scope, multiplier, visiting), 0);
      visiting.delete(fragment.name.value);
    }
  }
  return total;
}

/** Fields written in the document, unused fragments' included (validation looks at them all), stopping past the limit. */
function writtenFields(document: DocumentNode): number {
  let count = 0;
  visit(document, {
    Field() {
      count += 1;
      return count > GRAPHQL_LIMITS.maxFields ? BREAK : undefined;
    },
  });
  return count;
}

function operationProblem(operation: OperationDefinitionNode, scope: Scope): string | null {
  const walk = measure(operation.selectionSet, scope, 1, new Set());
  const { maxFields, maxDepth, maxAliases, maxCost, maxScanned } = GRAPHQL_LIMITS;
  if (scope.fields > maxFields) return `the query selects more than ${maxFields} fields (fragments counted where they are spread)`;
  if (walk.depth > maxDepth) return `the query is ${walk.depth} fields deep; at most ${maxDepth} are allowed`;
  if (walk.aliases > maxAliases) return `the query uses ${walk.aliases} aliases; at most ${maxAliases} are allowed`;
  if (walk.cost > maxCost) {
    return `the query costs ${walk.cost} (objects it may return); at most ${maxCost} are allowed: ask for smaller pages`;
  }
  if (walk.scanned > maxScanned) {
    return `the query may read ${walk.scanned} tasks to filter them by tag or due; at most ${maxScanned} are allowed: send one such tasks field per request`;
  }
  return null;
}

/**
 * Why the document is refused, or null when it is within GRAPHQL_LIMITS. Every operation of the document is measured
 * (all of them are validated); the variables belong to the one `operationName` names, or to the only one.
 */
export function queryLimitProblem(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): string | null {
  if (writtenFields(document) > GRAPHQL_LIMITS.maxFields) return `the query selects more than ${GRAPHQL_LIMITS.maxFields} fields`;
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  for (const operation of operations) {
    const chosen = operationName ? operation.name?.value === operationName : operations.length === 1;
    const defaults = new Map<string, ValueNode>();
    for (const definition of operation.variableDefinitions ?? []) {
      if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
    }
    const problem = operationProblem(operation, { fragments, variables: chosen ? variables : {}, defaults, fields: 0 });
    if (problem) return problem;
  }
  return null;
}

/**
 * [GQ14] The writes a mutation operation asks for: its root fields by response name (fields of one name merge into one
 * write, and are refused by validation when they differ), fragments included; 0 for a query or a subscription.
 */
export function mutationFieldCount(document: DocumentNode, operationName: string | null | undefined): number {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((candidate) => candidate.name?.value === operationName) : operations[0];
  if (!operation || operation.operation !== 'mutation') return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const names = new Set<string>();
  const collect = (selectionSet: SelectionSetNode, visiting: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) names.add(selection.alias?.value ?? selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet, visiting);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || visiting.has(fragment.name.value)) continue;
        collect(fragment.selectionSet, new Set([...visiting, fragment.name.value]));
      }
    }
  };
  collect(operation.selectionSet, new Set());
  return names.size;
}
