import Database from 'better-sqlite3';
import path from 'node:path';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { makeTask } from '@tasklane/testkit/task-fixture';

describe('SQLite store generation', () => {
  it('[G7] deleting the generation row of a restored file gives it a new generation at the next start, and keeps the data', async () => {
    const temp = makeTempDir('generation');
    try {
      const store = createEmbeddedStore({ dataDir: temp.dir });
      const before = await store.generation();
      await store.applyPush('user-1', [{ newDocumentState: makeTask({ id: 'kept', title: 'kept' }) }]);
      await store.close();

      const sqlite = new Database(path.join(temp.dir, 'tasklane.sqlite'));
      sqlite.prepare("DELETE FROM store_meta WHERE key = 'generation'").run();
      sqlite.close();

      const restored = createEmbeddedStore({ dataDir: temp.dir });
      try {
        expect(await restored.generation()).not.toBe(before);
        expect((await restored.getTask('user-1', 'kept'))?.title).toBe('kept');
      } finally {
        await restored.close();
      }
    } finally {
      temp.remove();
    }
  });
});
