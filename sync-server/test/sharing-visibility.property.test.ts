import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import { describeSharingVisibility } from './support/sharing-visibility-cases';

describeSharingVisibility(
  'SQLite',
  () => {
    const temp = makeTempDir('sharing-visibility');
    const store = createEmbeddedStore({ dataDir: temp.dir });
    const cleanup = async () => {
      await store.close();
      temp.remove();
    };
    return Promise.resolve({ store, cleanup });
  },
  { numRuns: 30, timeLimitMs: 40_000 },
);
