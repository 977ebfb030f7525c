import type { ExportDocument, ExportedTask } from '@tasklane/shared/export/export-document';
import type { ImportResult } from '@tasklane/shared/export/import-result';
import type { Store } from '../store/store';
import { liveTasksOf } from './account-export';
import { createAccountImport } from './account-import';
import type { SyncService } from './sync-service';

/** Export and import of a whole account (docs/protocol.md [EX1]–[EX8]), independent of HTTP. */
export type AccountTransfer = {
  exportTasks(userId: string): AsyncGenerator<ExportedTask>;
  importDocument(userId: string, document: ExportDocument): Promise<ImportResult>;
};

export function createAccountTransfer({ store, sync }: { store: Store; sync: SyncService }): AccountTransfer {
  const accountImport = createAccountImport({ sync });
  return {
    exportTasks: (userId) => liveTasksOf(store, userId),
    importDocument: (userId, document) => accountImport.importDocument(userId, document),
  };
}
