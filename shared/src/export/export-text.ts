import type { ExportedList, ExportedTask } from './export-document';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export-format';

export type ExportSources = {
  exportedAt: string;
  /** Written before the tasks ([LR13]); an account's lists are few, but they may come from a store as tasks do. */
  lists: AsyncIterable<ExportedList> | Iterable<ExportedList>;
  tasks: AsyncIterable<ExportedTask> | Iterable<ExportedTask>;
};

/** `"name":[` … `]`, one document per line. */
async function* arrayText(name: string, documents: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<string> {
  yield `"${name}":[`;
  let first = true;
  for await (const document of documents) {
    yield `${first ? '' : ','}\n${JSON.stringify(document)}`;
    first = false;
  }
  yield first ? ']' : '\n]';
}

/**
 * The JSON text of an export document ([EX1], [LR13]), one piece per document, so that an account of any size is
 * written without ever holding the whole text: `JSON.parse` of the concatenation is the document. One document per
 * line keeps the file readable and diffable.
 */
export async function* exportDocumentText({ exportedAt, lists, tasks }: ExportSources): AsyncGenerator<string> {
  const header = JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt });
  yield `${header.slice(0, -1)},`;
  yield* arrayText('lists', lists);
  yield ',';
  yield* arrayText('tasks', tasks);
  yield '}\n';
}
