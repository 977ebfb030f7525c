import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import { describeStoreContract } from '../src/store/store-contract';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { sqliteVersion1TaskWriter } from './support/sqlite-version1-task';

describeStoreContract('EmbeddedStore (SQLite)', () => {
  const temp = makeTempDir('store');
  const store = createEmbeddedStore({ dataDir: temp.dir });
  return {
    store,
    reopen: () => Promise.resolve(createEmbeddedStore({ dataDir: temp.dir })),
    writeVersion1Task: sqliteVersion1TaskWriter(temp.dir),
    cleanup: async () => {
      await store.close();
      temp.remove();
    },
  };
});
