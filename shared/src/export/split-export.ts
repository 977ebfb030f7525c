import type { ExportDocument } from './export-document';
import { IMPORT_LIMITS } from './import-limits';
import { utf8Length } from './utf8-length';

/**
 * [EX7] An export cut into consecutive pages that `POST /api/import` accepts one by one: each page is a complete
 * export document (same format, version and `exportedAt`) of at most `maxTasks` documents (lists and tasks together,
 * [LR13]) and `maxBodyBytes` of JSON. Lists come first, so a page never holds a task whose list is in a later page.
 * Always at least one page, so an empty export still makes one request.
 */
export function splitExportDocument(
  document: ExportDocument,
  limits: { maxTasks: number; maxBodyBytes: number } = IMPORT_LIMITS,
): ExportDocument[] {
  const envelopeBytes = utf8Length(JSON.stringify({ ...document, lists: [], tasks: [] }));
  const pages: ExportDocument[] = [];
  let page: Pick<ExportDocument, 'lists' | 'tasks'> = { lists: [], tasks: [] };
  let bytes = envelopeBytes;
  const add = <C extends 'lists' | 'tasks'>(collection: C, item: ExportDocument[C][number]) => {
    const itemBytes = utf8Length(JSON.stringify(item));
    const count = page.lists.length + page.tasks.length;
    const comma = page[collection].length > 0 ? 1 : 0;
    if (count > 0 && (count >= limits.maxTasks || bytes + comma + itemBytes > limits.maxBodyBytes)) {
      pages.push({ ...document, ...page });
      page = { lists: [], tasks: [] };
      bytes = envelopeBytes;
    }
    bytes += (page[collection].length > 0 ? 1 : 0) + itemBytes; // the comma before every item of an array but the first
    (page[collection] as ExportDocument[C][number][]).push(item);
  };
  for (const list of document.lists) add('lists', list);
  for (const task of document.tasks) add('tasks', task);
  pages.push({ ...document, ...page });
  return pages;
}
