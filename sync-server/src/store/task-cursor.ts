import { z } from 'zod';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';

/** REST list position: tasks are listed newest first by (createdAt, id). */
const taskCursorSchema = z.strictObject({ createdAt: z.string().max(64), id: z.string().max(64) });
export type TaskCursor = z.infer<typeof taskCursorSchema>;

export function encodeTaskCursor(cursor: TaskCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeTaskCursor(raw: string): TaskCursor {
  try {
    return taskCursorSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw new ProtocolError('INVALID_MESSAGE', 'cursor is not one this server issued');
  }
}
