import { createEmbeddedStore } from '../src/store/embedded-store';
import { describeStoreContract } from './store-contract';
import { makeTempDir } from './support/temp-dir';

describeStoreContract('EmbeddedStore (SQLite)', async () => {
  const temp = makeTempDir('store');
  const store = createEmbeddedStore({ dataDir: temp.dir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      temp.remove();
    },
  };
});
