import type { ExportDocument, ExportedTask } from '@tasklane/shared/export/export-document';
import type { ImportResult } from '@tasklane/shared/export/import-result';
import { liveTasksOf } from './account-export';
import { createAccountImport } from './account-import';
import type { SyncService } from './sync-service';

/** Export and import of a whole account (docs/protocol.md [EX1]–[EX11]), independent of HTTP. */
export type AccountTransfer = {
  exportTasks(userId: string): AsyncGenerator<ExportedTask>;
  importDocument(userId: string, document: ExportDocument): Promise<ImportResult>;
};

export type AccountTransferDeps = {
  /** Both directions go through the sync service: exports pull ([EX1]), imports push ([EX6]). */
  sync: SyncService;
  now?: () => number;
};

export function createAccountTransfer({ sync, now }: AccountTransferDeps): AccountTransfer {
  const accountImport = createAccountImport(now === undefined ? { sync } : { sync, now });
  return {
    exportTasks: (userId) => liveTasksOf(sync, userId),
    importDocument: (userId, document) => accountImport.importDocument(userId, document),
  };
}
