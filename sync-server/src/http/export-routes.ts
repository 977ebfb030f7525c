import express, { Router, type Request, type Response } from 'express';
import { exportDocumentText } from '@tasklane/shared/export/export-text';
import { EXPORT_FORMAT, exportDocumentSchema, exportHeaderSchema, type ExportDocument } from '@tasklane/shared/export/export-document';
import { IMPORT_LIMITS } from '@tasklane/shared/export/import-limits';
import { taskCsvText } from '@tasklane/shared/export/task-csv';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { toProtocolError } from '../errors/to-protocol-error';
import type { AccountTransfer } from '../sync/account-transfer';
import { exportQuerySchema } from './export-query';
import { authenticatedUserId } from './require-user';
import { ClientGoneError, streamText } from './stream-text';

/** Reads the first item before the answer starts, so a store that fails at once gets an error status, not a cut-off 200. */
async function startedEarly<T>(source: AsyncGenerator<T>): Promise<AsyncGenerator<T>> {
  const first = await source.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* source;
  })();
}

function exportHeaders(res: Response, format: 'json' | 'csv', exportedAt: string): void {
  const day = exportedAt.slice(0, 10);
  res.attachment(format === 'csv' ? `tasklane-tasks-${day}.csv` : `${EXPORT_FORMAT}-${day}.json`);
  res.type(format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8');
  // The account's private data: no cache on the way may keep a copy.
  res.set('Cache-Control', 'no-store');
}

/** `GET /api/export` ([EX1]–[EX3]): streamed, so a large account never becomes one string in memory. */
export function createExportRoutes(transfer: AccountTransfer): Router {
  const router = Router();
  router.get('/', async (req: Request, res: Response) => {
    const { format } = parseMessage(exportQuerySchema, req.query, 'export query');
    const exportedAt = new Date().toISOString();
    const tasks = await startedEarly(transfer.exportTasks(authenticatedUserId(res)));
    exportHeaders(res, format, exportedAt);
    try {
      await streamText(res, format === 'csv' ? taskCsvText(tasks) : exportDocumentText({ exportedAt, tasks }));
    } catch (error) {
      // The status is sent: a failure can only be shown by breaking the transfer, which no client takes for a whole file.
      res.destroy();
      if (error instanceof ClientGoneError) return;
      const failure = toProtocolError(error, req.log, `${req.method} ${req.path}`);
      req.log.warn({ code: failure.code }, 'export cut off after its answer had begun');
    }
  });
  return router;
}

/** [EX4] [EX7] Everything is checked before anything is written: kind and version first, then size, then every task. */
function parseImport(body: unknown): ExportDocument {
  parseMessage(exportHeaderSchema, body, 'import');
  const tasks = (body as { tasks?: unknown }).tasks;
  if (Array.isArray(tasks) && tasks.length > IMPORT_LIMITS.maxTasks) {
    throw new ProtocolError(
      'PAYLOAD_TOO_LARGE',
      `an import request holds at most ${IMPORT_LIMITS.maxTasks} tasks (this one ${tasks.length}); send the export in pages`,
    );
  }
  return parseMessage(exportDocumentSchema, body, 'import');
}

/** `POST /api/import` ([EX4]–[EX7]), with its own body limit: an import page may be larger than other REST bodies. */
export function createImportRoutes(transfer: AccountTransfer): Router {
  const router = Router();
  router.post('/', express.json({ limit: IMPORT_LIMITS.maxBodyBytes, strict: true }), async (req: Request, res: Response) => {
    const document = parseImport(req.body);
    res.json(await transfer.importDocument(authenticatedUserId(res), document));
  });
  return router;
}
