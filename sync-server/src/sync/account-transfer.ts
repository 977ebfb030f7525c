import type { ExportDocument, ExportedList, ExportedTask } from '@tasklane/shared/export/export-document';
import type { ImportResult } from '@tasklane/shared/export/import-result';
import { liveListsOf, liveTasksOf } from './account-export';
import { createAccountImport } from './account-import';
import type { SyncService } from './sync-service';

/** Export and import of a whole account (docs/protocol.md [EX1]–[EX11], [LR13]), independent of HTTP. */
export type AccountTransfer = {
  exportLists(userId: string): AsyncGenerator<ExportedList>;
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
    exportLists: (userId) => liveListsOf(sync, userId),
    exportTasks: (userId) => liveTasksOf(sync, userId),
    importDocument: (userId, document) => accountImport.importDocument(userId, document),
  };
}
