import { createRxDatabase } from 'rxdb/plugins/core';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { startWebsocketServer } from 'rxdb/plugins/replication-websocket';
import { buildTaskRxJsonSchema } from '@tasklane/shared/domain/task-json-schema';

/**
 * The peer: RxDB's own WebSocket replication server over an RxDB database on
 * storage-memory, as its documentation sets it up. No auth, nothing on disk.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT);
  const database = await createRxDatabase({ name: 'peer', storage: getRxStorageMemory(), multiInstance: false });
  // A fresh in-memory database each run: nothing to migrate, so the schema's version is 0 and no migration plugin is needed.
  await database.addCollections({ tasks: { schema: { ...buildTaskRxJsonSchema(), version: 0 } as never } });
  startWebsocketServer({ database, port, host: '127.0.0.1' });
  process.stdout.write(`peer listening on ${port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
