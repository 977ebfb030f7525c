import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import { describeStoreContract } from '../src/store/store-contract';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

describeStoreContract('EmbeddedStore (SQLite)', () => {
  const temp = makeTempDir('store');
  const store = createEmbeddedStore({ dataDir: temp.dir });
  return {
    store,
    reopen: () => Promise.resolve(createEmbeddedStore({ dataDir: temp.dir })),
    cleanup: async () => {
      await store.close();
      temp.remove();
    },
  };
});
