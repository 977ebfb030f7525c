import { describeStoreContract } from '../src/store/store-contract';
import { openWorkerStoreFromSource } from '@tasklane/testkit/store-worker-from-source';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { sqliteVersion1TaskWriter } from './support/sqlite-version1-task';

describe('[WT1] the embedded store in a worker thread passes the whole store contract, its account part included', () => {
  describeStoreContract('EmbeddedStore in a worker thread (SQLite)', async () => {
    const temp = makeTempDir('worker-store');
    const store = await openWorkerStoreFromSource({ dataDir: temp.dir });
    return {
      store,
      reopen: () => openWorkerStoreFromSource({ dataDir: temp.dir }),
      writeVersion1Task: sqliteVersion1TaskWriter(temp.dir),
      cleanup: async () => {
        await store.close();
        temp.remove();
      },
    };
  });
});
