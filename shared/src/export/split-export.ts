import type { ExportDocument } from './export-document';
import { IMPORT_LIMITS } from './import-limits';
import { utf8Length } from './utf8-length';

/**
 * [EX7] An export cut into consecutive pages that `POST /api/import` accepts one by one: each page is a complete
 * export document (same format, version and `exportedAt`) of at most `maxTasks` tasks and `maxBodyBytes` of JSON.
 * Always at least one page, so an empty export still makes one request.
 */
export function splitExportDocument(
  document: ExportDocument,
  limits: { maxTasks: number; maxBodyBytes: number } = IMPORT_LIMITS,
): ExportDocument[] {
  const envelopeBytes = utf8Length(JSON.stringify({ ...document, tasks: [] }));
  const pages: ExportDocument[] = [];
  let tasks: ExportDocument['tasks'] = [];
  let bytes = envelopeBytes;
  for (const task of document.tasks) {
    const taskBytes = utf8Length(JSON.stringify(task));
    if (tasks.length > 0 && (tasks.length >= limits.maxTasks || bytes + 1 + taskBytes > limits.maxBodyBytes)) {
      pages.push({ ...document, tasks });
      tasks = [];
      bytes = envelopeBytes;
    }
    bytes += (tasks.length > 0 ? 1 : 0) + taskBytes; // the comma before every task but the first
    tasks.push(task);
  }
  pages.push({ ...document, tasks });
  return pages;
}
