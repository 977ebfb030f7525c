import { z } from 'zod';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';

const position = z.string().max(128);

/** A listing's position: the sort key of the last document of the page, then its id. */
const PAGE_CURSOR_SCHEMAS = {
  /** Tasks, newest `createdAt` first. */
  created: z.strictObject({ createdAt: position, id: position }),
  /** [DM23] Open tasks by due sort key, then id. */
  due: z.strictObject({ dueKey: position, id: position }),
  /** Lists in their manual order, then id. */
  order: z.strictObject({ order: position, id: position }),
};
export type PageCursorKind = keyof typeof PAGE_CURSOR_SCHEMAS;
export type PageCursor<K extends PageCursorKind> = z.infer<(typeof PAGE_CURSOR_SCHEMAS)[K]>;

export function encodePageCursor<K extends PageCursorKind>(_kind: K, cursor: PageCursor<K>): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The position in a cursor of this kind; a cursor of another listing, or not issued by this server, is INVALID_MESSAGE. */
export function decodePageCursor<K extends PageCursorKind>(kind: K, raw: string): PageCursor<K> {
  try {
    return PAGE_CURSOR_SCHEMAS[kind].parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))) as PageCursor<K>;
  } catch {
    throw new ProtocolError('INVALID_MESSAGE', 'cursor is not one this server issued for this listing');
  }
}
