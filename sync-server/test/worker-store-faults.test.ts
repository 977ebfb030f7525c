import { describeStoreFaultContract } from '../src/store/store-fault-contract';
import type { Store } from '../src/store/store';
import { openWorkerStoreFromSource } from '@tasklane/testkit/store-worker-from-source';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

describe('[WT2] fault hooks run on the main thread while the worker’s transaction waits for them', () => {
  // Several stores on one file, as several server processes would open it.
  describeStoreFaultContract(
    'EmbeddedStore in a worker thread (SQLite)',
    () => {
      const temp = makeTempDir('worker-store-faults');
      const opened: Store[] = [];
      return Promise.resolve({
        async open(faults) {
          const store = await openWorkerStoreFromSource({ dataDir: temp.dir }, faults ? { faults } : {});
          opened.push(store);
          return store;
        },
        async cleanup() {
          for (const store of opened) await store.close();
          temp.remove();
        },
      });
    },
    { helpersSettleClaims: false },
  );
});
