import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import { describeStoreFaultContract } from '../src/store/store-fault-contract';
import type { Store } from '../src/store/store';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

// Several stores on one file, as several server processes would open it.
describeStoreFaultContract(
  'EmbeddedStore (SQLite)',
  () => {
    const temp = makeTempDir('store-faults');
    const opened: Store[] = [];
    return Promise.resolve({
      open(faults) {
        const store = createEmbeddedStore({ dataDir: temp.dir }, faults ? { faults } : {});
        opened.push(store);
        return Promise.resolve(store);
      },
      async cleanup() {
        for (const store of opened) await store.close();
        temp.remove();
      },
    });
  },
  { helpersSettleClaims: false },
);
