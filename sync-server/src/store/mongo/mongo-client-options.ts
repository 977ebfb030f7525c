import type { MongoClientOptions } from 'mongodb';

/** What it takes to reach MongoDB, every wait bounded ([MG1]). */
export type MongoConnectionConfig = {
  url: string;
  /** Defaults to the database named in the URL, else `tasklane`. */
  databaseName?: string;
  maxPoolSize: number;
  minPoolSize: number;
  /** How long an operation waits for a reachable primary. */
  serverSelectionTimeoutMs: number;
  /** How long an operation waits for a free pooled connection. */
  waitQueueTimeoutMs: number;
  /** `wtimeout` of the majority write concern: how long a write waits for a majority. */
  writeConcernTimeoutMs: number;
  /** `maxTimeMS` of every task and sequencer operation: the server's time limit for running it. */
  operationTimeoutMs: number;
  /** The last resort: a socket read that takes longer fails; above the two limits above. */
  socketTimeoutMs: number;
  /** Extra driver options (tests: `serverMonitoringMode: 'poll'` for stand-ins). */
  driverOptions?: MongoClientOptions;
};

/**
 * Driver options. The driver's own client-side operation timeout (`timeoutMS`, CSOT) is
 * ignored by mongodb 7.x ("has no effect"), so each wait is bounded on its own: server
 * selection, pool wait queue, write concern (`wtimeout`), server-side `maxTimeMS` (passed
 * per operation), and a non-zero socket timeout as the backstop.
 */
export function mongoClientOptions(config: MongoConnectionConfig): MongoClientOptions {
  return {
    maxPoolSize: config.maxPoolSize,
    minPoolSize: config.minPoolSize,
    serverSelectionTimeoutMS: config.serverSelectionTimeoutMs,
    waitQueueTimeoutMS: config.waitQueueTimeoutMs,
    socketTimeoutMS: config.socketTimeoutMs,
    readPreference: 'primary',
    writeConcern: { w: 'majority', journal: true, wtimeoutMS: config.writeConcernTimeoutMs },
    retryWrites: true,
    retryReads: true,
    appName: 'tasklane-sync-server',
    ...config.driverOptions,
  };
}

/** A problem when the socket backstop could cut off an operation before the server's own limits answer. */
export function mongoTimeoutProblem(
  config: Pick<MongoConnectionConfig, 'socketTimeoutMs' | 'operationTimeoutMs' | 'writeConcernTimeoutMs'>,
): string | null {
  const floor = config.operationTimeoutMs + config.writeConcernTimeoutMs;
  return config.socketTimeoutMs > floor
    ? null
    : `MONGODB_SOCKET_TIMEOUT_MS (${config.socketTimeoutMs}) must be greater than MONGODB_OPERATION_TIMEOUT_MS + MONGODB_WRITE_CONCERN_TIMEOUT_MS (${floor})`;
}
