import { MongoClient } from 'mongodb';
import { ConfigError, parseConfig } from '../../config';
import { mongoClientOptions, type MongoConnectionConfig } from './mongo-client-options';

const URL = 'mongodb://127.0.0.1:27017/tasklane?replicaSet=rs0';

function mongoConfig(env: Record<string, string> = {}): MongoConnectionConfig {
  const config = parseConfig({ MONGODB_URL: URL, ...env });
  if (config.store.engine !== 'mongo') throw new Error('MONGODB_URL did not select MongoDB');
  return config.store;
}

describe('MongoDB timeouts ([MG1]) and the removed completed-task TTL ([MG6])', () => {
  it('[MG1] by default every wait is bounded, and the driver takes the bounds (no connection needed)', async () => {
    const config = mongoConfig();
    expect(config).toMatchObject({
      serverSelectionTimeoutMs: 5000,
      waitQueueTimeoutMs: 5000,
      writeConcernTimeoutMs: 5000,
      operationTimeoutMs: 5000,
      socketTimeoutMs: 30_000,
    });
    const client = new MongoClient(config.url, mongoClientOptions(config));
    try {
      expect(client.options.serverSelectionTimeoutMS).toBe(5000);
      expect(client.options.waitQueueTimeoutMS).toBe(5000);
      expect(client.options.socketTimeoutMS).toBe(30_000);
      expect(client.writeConcern).toMatchObject({ w: 'majority', journal: true, wtimeoutMS: 5000 });
    } finally {
      await client.close();
    }
  });

  it('[MG1] the timeouts are configurable; a socket timeout of 0 (never) or one that would cut off the server limits is refused', () => {
    expect(
      mongoConfig({ MONGODB_OPERATION_TIMEOUT_MS: '2000', MONGODB_WRITE_CONCERN_TIMEOUT_MS: '3000', MONGODB_SOCKET_TIMEOUT_MS: '6000' }),
    ).toMatchObject({
      operationTimeoutMs: 2000,
      writeConcernTimeoutMs: 3000,
      socketTimeoutMs: 6000,
    });
    expect(() => mongoConfig({ MONGODB_SOCKET_TIMEOUT_MS: '0' })).toThrow(/MONGODB_SOCKET_TIMEOUT_MS must be an integer 1000\.\./);
    expect(() => mongoConfig({ MONGODB_SOCKET_TIMEOUT_MS: '8000' })).toThrow(
      /MONGODB_SOCKET_TIMEOUT_MS \(8000\) must be greater than MONGODB_OPERATION_TIMEOUT_MS \+ MONGODB_WRITE_CONCERN_TIMEOUT_MS \(10000\)/,
    );
    expect(() => mongoConfig({ MONGODB_WAIT_QUEUE_TIMEOUT_MS: '0' })).toThrow(ConfigError);
  });

  it('[MG6] MONGODB_COMPLETED_TASK_TTL is refused with the reason: sync never hard-deletes a task', () => {
    expect(() => parseConfig({ MONGODB_URL: URL, MONGODB_COMPLETED_TASK_TTL: '90d' })).toThrow(
      /MONGODB_COMPLETED_TASK_TTL was removed: sync never hard-deletes a task/,
    );
    expect(() => parseConfig({ MONGODB_COMPLETED_TASK_TTL: '1d' })).toThrow(ConfigError);
  });
});
