import { EXPORT_FORMAT, EXPORT_VERSION, type ExportedTask } from './export-document';

export type ExportSources = {
  exportedAt: string;
  tasks: AsyncIterable<ExportedTask> | Iterable<ExportedTask>;
};

/**
 * The JSON text of an export document ([EX1]), one piece per document, so that an account of any size is
 * written without ever holding the whole text: `JSON.parse` of the concatenation is the document. One task per
 * line keeps the file readable and diffable.
 */
export async function* exportDocumentText({ exportedAt, tasks }: ExportSources): AsyncGenerator<string> {
  const header = JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt });
  yield `${header.slice(0, -1)},"tasks":[`;
  let first = true;
  for await (const task of tasks) {
    yield `${first ? '' : ','}\n${JSON.stringify(task)}`;
    first = false;
  }
  yield first ? ']}\n' : '\n]}\n';
}
