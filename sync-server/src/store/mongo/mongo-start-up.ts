import type { Db } from 'mongodb';
import { isMongoUnavailable } from './errors';

/** MongoDB 5.0: snapshot reads ([P4] on MongoDB) need it. */
const MIN_MONGO_WIRE_VERSION = 13;

/** The fields of a `hello` reply that start-up checks. */
export type HelloReply = { setName?: string; msg?: string; maxWireVersion?: number };

/** A reason MongoDB can never be used as it is; waiting will not help, so start-up fails at once. */
export class MongoStartUpError extends Error {
  override name = 'MongoStartUpError';
}

/** [MG5] What is wrong with the server for this store, in words an operator can act on; empty when nothing. */
export function helloProblems(hello: HelloReply): string[] {
  const problems: string[] = [];
  // A mongos (sharded cluster) answers without a set name; its shards are replica sets.
  if (!hello.setName && hello.msg !== 'isdbgrid') {
    problems.push(
      'MongoDB is a standalone server, not a replica set member: the store needs majority writes and snapshot reads. ' +
        'Start mongod with --replSet (a single node is fine), run rs.initiate(), and name the set in MONGODB_URL (?replicaSet=rs0).',
    );
  }
  if (typeof hello.maxWireVersion !== 'number' || hello.maxWireVersion < MIN_MONGO_WIRE_VERSION) {
    problems.push(
      `MongoDB 5.0 or later is needed (wire version ${MIN_MONGO_WIRE_VERSION}); this server reports wire version ${hello.maxWireVersion ?? 'none'}.`,
    );
  }
  return problems;
}

/** Runs `hello` and refuses a server the store cannot work with. */
export async function checkMongoServer(db: Db): Promise<void> {
  const hello = (await db.admin().command({ hello: 1 })) as HelloReply;
  const problems = helloProblems(hello);
  if (problems.length > 0) throw new MongoStartUpError(problems.join(' '));
}

/** Node system error codes of a name or address that is not reachable yet (compose and Kubernetes start everything at once). */
const TRANSIENT_SYSTEM_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH']);

/**
 * [MG5] Start-up retries only what waiting can heal: no primary reachable yet, a network
 * error, an election. A failed sign-in, an index that conflicts with an existing one, a
 * standalone or too old server, a malformed URL option: start-up fails with the reason.
 */
export function isTransientStartUpError(error: unknown): boolean {
  if (error instanceof MongoStartUpError) return false;
  if (isMongoUnavailable(error)) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_SYSTEM_CODES.has(code);
}
