/**
 * One `POST /api/import` request ([EX7]). A larger export is imported in pages (`splitExportDocument`), each a
 * complete export document of its own; import is idempotent by id, so an interrupted file is simply sent again.
 */
export const IMPORT_LIMITS = {
  /** The JSON body, after any `Content-Encoding` is undone: 8 MiB, the size of one socket message ([H6]). */
  maxBodyBytes: 8 * 1024 * 1024,
  /** Tasks per request, so one request blocks the server for a bounded time whatever the body's size. */
  maxTasks: 5000,
} as const;
