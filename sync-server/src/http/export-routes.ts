import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { exportDocumentText } from '@tasklane/shared/export/export-text';
import {
  exportDocumentSchema,
  exportDocumentV1Schema,
  exportHeaderSchema,
  type ExportDocument,
  type ExportedList,
} from '@tasklane/shared/export/export-document';
import { upgradeExportDocument } from '@tasklane/shared/export/export-format';
import { EXPORT_FORMAT, EXPORT_VERSION } from '@tasklane/shared/export/export-format';
import { IMPORT_LIMITS } from '@tasklane/shared/export/import-limits';
import { listNamesOf, taskCsvText } from '@tasklane/shared/export/task-csv';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { toProtocolError } from '../errors/to-protocol-error';
import { ACCOUNT_TRANSFER_LIMITS } from '../sync/account-transfer-limits';
import { createTransferSlots, type ReleaseSlot, type TransferSlots } from '../sync/account-transfer-slots';
import type { AccountTransfer } from '../sync/account-transfer';
import { exportQuerySchema } from './export-query';
import { authenticatedUserId } from './require-user';
import { ClientGoneError, ClientStalledError, streamText } from './stream-text';

export type ExportRouteOptions = {
  /** [EX10] An export whose client takes nothing for this long is ended. */
  stallMs?: number;
};

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

/** [EX9] A slot of the caller's, or `429 RATE_LIMITED` when every one is taken by a transfer still under way. */
function takeSlot(slots: TransferSlots, userId: string, what: string): ReleaseSlot {
  const release = slots.take(userId);
  if (release) return release;
  throw new ProtocolError('RATE_LIMITED', `this account already has ${slots.inUse(userId)} ${what} under way here; retry when one ends`, {
    retryAfterMs: ACCOUNT_TRANSFER_LIMITS.busyRetryAfterMs,
  });
}

/**
 * Sends the export; never throws. Once the answer has begun a failure can only be shown by breaking the transfer,
 * which no client takes for a whole file.
 */
async function sendExport(req: Request, res: Response, pieces: AsyncGenerator<string>, stallMs: number): Promise<void> {
  try {
    await streamText(res, pieces, { stallMs });
  } catch (error) {
    res.destroy();
    if (error instanceof ClientGoneError) return;
    if (error instanceof ClientStalledError) {
      req.log.info({ stallMs }, 'export ended: the client read nothing for too long');
      return;
    }
    const failure = toProtocolError(error, req.log, `${req.method} ${req.path}`);
    req.log.warn({ code: failure.code }, 'export cut off after its answer had begun');
  }
}

/** `GET /api/export` ([EX1]–[EX3], [EX9], [EX10], [EX12]): streamed, so a large account never becomes one string in memory. */
export function createExportRoutes(transfer: AccountTransfer, options: ExportRouteOptions = {}): Router {
  const stallMs = options.stallMs ?? ACCOUNT_TRANSFER_LIMITS.exportStallMs;
  const slots = createTransferSlots(ACCOUNT_TRANSFER_LIMITS.exportsPerUser);
  const router = Router();
  // [EX12] The headers a download would get, without reading the account (Express would otherwise run GET for HEAD).
  router.head('/', (req: Request, res: Response) => {
    const { format } = parseMessage(exportQuerySchema, req.query, 'export query');
    exportHeaders(res, format, new Date().toISOString());
    res.end();
  });
  router.get('/', async (req: Request, res: Response) => {
    const { format } = parseMessage(exportQuerySchema, req.query, 'export query');
    const userId = authenticatedUserId(res);
    const release = takeSlot(slots, userId, 'exports');
    const listSource = transfer.exportLists(userId);
    const taskSource = transfer.exportTasks(userId);
    try {
      const exportedAt = new Date().toISOString();
      // [LR13] Lists are few and come first; the CSV needs their names before its first task ([LR14]).
      const lists: ExportedList[] = [];
      for await (const list of listSource) lists.push(list);
      const tasks = await startedEarly(taskSource);
      exportHeaders(res, format, exportedAt);
      const body = format === 'csv' ? taskCsvText(tasks, listNamesOf(lists)) : exportDocumentText({ exportedAt, lists, tasks });
      await sendExport(req, res, body, stallMs);
    } finally {
      // [EX10] Closed here, however the export ended: a wrapper that never started (the client left during the first
      // page) would not pass its own return() on to the source, and the store would be held open.
      await Promise.all([listSource.return(undefined), taskSource.return(undefined)]).finally(release);
    }
  });
  return router;
}

const countOf = (documents: unknown) => (Array.isArray(documents) ? documents.length : 0);

/**
 * [EX4] [EX7] [LR13] Everything is checked before anything is written: kind and version first, then size (lists and
 * tasks together), then every document. A version-1 file is upgraded as it is read ([DM19]).
 */
function parseImport(body: unknown): ExportDocument {
  const { version } = parseMessage(exportHeaderSchema, body, 'import');
  const { lists, tasks } = body as { lists?: unknown; tasks?: unknown };
  const count = countOf(lists) + countOf(tasks);
  if (count > IMPORT_LIMITS.maxTasks) {
    throw new ProtocolError(
      'PAYLOAD_TOO_LARGE',
      `an import request holds at most ${IMPORT_LIMITS.maxTasks} documents, lists and tasks together (this one ${count}); send the export in pages`,
    );
  }
  if (version === EXPORT_VERSION) return parseMessage(exportDocumentSchema, body, 'import');
  return upgradeExportDocument(parseMessage(exportDocumentV1Schema, body, 'import'));
}

/** Runs one middleware (the body parser) inside a handler, so the import's slot is held from before the body is read. */
function run(middleware: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void middleware(req, res, (error?: unknown) => {
      if (!error) resolve();
      else reject(error instanceof Error ? error : new Error('the request body could not be read'));
    });
  });
}

/**
 * `POST /api/import` ([EX4]–[EX7], [EX9], [EX11]), with its own body limit: an import page may be larger than other
 * REST bodies. The slot is taken before the body is read, so a refused import costs no parsing.
 */
export function createImportRoutes(transfer: AccountTransfer): Router {
  const slots = createTransferSlots(ACCOUNT_TRANSFER_LIMITS.importsPerUser);
  const parseJson = express.json({ limit: IMPORT_LIMITS.maxBodyBytes, strict: true });
  const router = Router();
  router.post('/', async (req: Request, res: Response) => {
    const userId = authenticatedUserId(res);
    const release = takeSlot(slots, userId, 'import');
    try {
      await run(parseJson, req, res);
      const document = parseImport(req.body);
      res.json(await transfer.importDocument(userId, document));
    } finally {
      release();
    }
  });
  return router;
}
