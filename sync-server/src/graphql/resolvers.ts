import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped, type ValueNode } from 'graphql';
import { visibleItems } from '@tasklane/shared/domain/checklist';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { createTaskInputSchema, patchTaskInputSchema } from '@tasklane/shared/domain/task-input';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import { taskIdSchema } from '@tasklane/shared/domain/task-schema';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { z } from 'zod';
import type { AccountService } from '../auth/account-service';
import type { SessionCheck } from '../auth/session-check';
import type { AccessClaims } from '../auth/token-issuer';
import { listListQuerySchema } from '../http/list-query';
import type { ListCommands } from '../sync/list-commands';
import type { TaskCommands } from '../sync/task-commands';
import type { ChangeFeed } from './change-feed';
import { signedInStream } from './signed-in-stream';
import type { RevisionedPatch, TaskRevisions } from './task-revisions';
import { searchTasks } from './task-search';

/** What every resolver knows of the request: the authenticated caller and their access token's claims ([GQ1]). */
export type GraphqlContext = { userId: string; claims: AccessClaims };

export type ResolverDeps = {
  tasks: TaskCommands;
  lists: ListCommands;
  accounts: Pick<AccountService, 'get'>;
  revisions: TaskRevisions;
  feed: Pick<ChangeFeed, 'subscribe'>;
  checkSession: SessionCheck;
};

type Args = Record<string, unknown>;

/** graphql-js hands over null-prototype objects; REST's zod schemas judge the same plain JSON a REST body would be. */
const plain = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

const idOf = (args: Args) => parseMessage(z.strictObject({ id: taskIdSchema }), { id: args.id }, 'task id').id;
const revisionSchema = z.strictObject({ expectedRevision: z.number().int().nonnegative().nullish() });

/** [GQ6] How deep a JSON input may nest: a recurrence rule nests 3 levels; deeper is refused before anything walks it. */
export const MAX_JSON_DEPTH = 16;

/** The nesting of a JSON value or literal, counted without recursion and only up to MAX_JSON_DEPTH + 1. */
function nestedTooDeep(root: unknown, children: (node: unknown) => unknown[]): boolean {
  const pending: [unknown, number][] = [[root, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    const inner = children(node);
    if (inner.length === 0) continue;
    if (depth + 1 > MAX_JSON_DEPTH) return true;
    for (const child of inner) pending.push([child, depth + 1]);
  }
  return false;
}

const valueChildren = (value: unknown): unknown[] => (typeof value === 'object' && value !== null ? Object.values(value) : []);
const literalChildren = (node: unknown): unknown[] => {
  const ast = node as ValueNode;
  if (ast.kind === Kind.LIST) return [...ast.values];
  if (ast.kind === Kind.OBJECT) return ast.fields.map((field) => field.value);
  return [];
};
const tooDeep = () => new GraphQLError(`a JSON value nests at most ${MAX_JSON_DEPTH} levels deep`);

const jsonScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => {
    if (nestedTooDeep(value, valueChildren)) throw tooDeep();
    return value;
  },
  parseLiteral: (ast, variables) => {
    if (nestedTooDeep(ast, literalChildren)) throw tooDeep();
    return valueFromASTUntyped(ast, variables);
  },
});

export function createResolvers(deps: ResolverDeps) {
  return {
    JSON: jsonScalar,
    Task: {
      deleted: (task: StoredTask) => task._deleted,
      revision: (task: StoredTask) => task.seq,
      checklist: (task: StoredTask) => visibleItems(task.checklist),
    },
    TaskList: { revision: (list: StoredTaskList) => list.seq },
    UpdateTaskResult: {
      __resolveType: (result: { task: StoredTask } | { current: StoredTask }) => ('current' in result ? 'TaskConflict' : 'TaskUpdated'),
    },
    Query: {
      viewer: async (_parent: unknown, _args: Args, { userId }: GraphqlContext) => (await deps.accounts.get(userId)).user,
      // [GQ3]
      tasks: (_parent: unknown, args: Args, { userId }: GraphqlContext) =>
        searchTasks(deps.tasks, userId, plain({ filter: args.filter ?? undefined, first: args.first, after: args.after ?? undefined })),
      // [GQ4] A task the caller does not hold (another account's, deleted, unknown) is null, as REST's 404.
      task: async (_parent: unknown, args: Args, { userId }: GraphqlContext) => {
        try {
          return await deps.tasks.get(userId, idOf(args));
        } catch (error) {
          if (error instanceof ProtocolError && error.code === 'NOT_FOUND') return null;
          throw error;
        }
      },
      lists: async (_parent: unknown, args: Args, { userId }: GraphqlContext) => {
        const query = parseMessage(listListQuerySchema, plain({ limit: args.first, cursor: args.after ?? undefined }), 'lists query');
        const page = await deps.lists.list(userId, query);
        return { items: page.lists, nextCursor: page.nextCursor };
      },
    },
    Mutation: {
      createTask: (_parent: unknown, args: Args, { userId }: GraphqlContext) =>
        deps.tasks.create(userId, parseMessage(createTaskInputSchema, plain(args.input), 'task')),
      // [GQ5]
      updateTask: async (_parent: unknown, args: Args, { userId }: GraphqlContext) => {
        const id = idOf(args);
        const patch = parseMessage(patchTaskInputSchema, plain(args.patch), 'task patch');
        const { expectedRevision } = parseMessage(revisionSchema, { expectedRevision: args.expectedRevision }, 'expectedRevision');
        if (expectedRevision === undefined || expectedRevision === null) return { task: (await deps.tasks.patch(userId, id, patch)).task };
        const outcome: RevisionedPatch = await deps.revisions.patchAt(userId, id, patch, expectedRevision);
        return outcome.conflict ? { current: outcome.current, expectedRevision } : { task: outcome.task };
      },
      completeTask: async (_parent: unknown, args: Args, { userId }: GraphqlContext) =>
        (await deps.tasks.patch(userId, idOf(args), { status: 'done' })).task,
      deleteTask: async (_parent: unknown, args: Args, { userId }: GraphqlContext) => {
        const id = idOf(args);
        await deps.tasks.remove(userId, id);
        return id;
      },
    },
    Subscription: {
      // [GQ9]
      taskChanged: {
        subscribe: (_parent: unknown, _args: Args, { userId, claims }: GraphqlContext) =>
          signedInStream(deps.feed.subscribe(userId, claims.sessionId), {
            expiresAtMs: claims.expiresAtMs,
            stillSignedIn: () => deps.checkSession(claims),
          }),
        resolve: (task: StoredTask) => task,
      },
    },
  };
}
