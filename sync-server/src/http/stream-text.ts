import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';

/** Pieces are gathered into writes of about this size: one write per task would cost a syscall (and a gzip flush) each. */
const WRITE_BYTES = 64 * 1024;

/** The client closed the connection before the body was complete. */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientGoneError';
  }
}

/** The client took nothing for `stallMs` ([EX10]); the connection was closed. */
export class ClientStalledError extends Error {
  constructor(stallMs: number) {
    super(`the client read nothing for ${stallMs} ms`);
    this.name = 'ClientStalledError';
  }
}

async function* batched(pieces: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const piece of pieces) {
    buffer += piece;
    if (buffer.length < WRITE_BYTES) continue;
    yield buffer;
    buffer = '';
  }
  if (buffer) yield buffer;
}

/** Whether the connection of `res` is already gone: a client may leave while the first page is read, before we listen. */
const isGone = (res: Response) => res.destroyed || res.writableEnded || res.socket?.destroyed === true;

/**
 * Writes `pieces` as the body of `res` through `stream.pipeline` ([EX10]): one write's worth is held beyond what the
 * socket (and gzip) buffer, and a full socket pauses the reading of `pieces`, so a slow reader slows the store instead
 * of filling memory; `pipe` keeps one `drain` listener for the whole body. Settles only once `pieces` is closed (its
 * `return()` has run), however the transfer ends: when the pieces end (the response is ended), when the client leaves
 * (`ClientGoneError`, also when it left before this was called), when the client takes nothing for `stallMs`
 * (`ClientStalledError`, the connection is reset), or when the pieces fail (their error; the connection is broken, so
 * a client never takes a cut-off body for a whole file).
 */
export async function streamText(res: Response, pieces: AsyncGenerator<string>, { stallMs }: { stallMs: number }): Promise<void> {
  if (isGone(res)) {
    await pieces.return(undefined);
    throw new ClientGoneError();
  }
  // One write's worth at a time: the default of 16 objects would hold 16 × 64 KiB beyond the socket.
  const source = Readable.from(batched(pieces), { objectMode: true, highWaterMark: 1 });
  const sourceClosed = new Promise<void>((resolve) => source.once('close', resolve));
  let stalled = false;
  const stall = setTimeout(() => {
    stalled = true;
    // A reset, not a close: a close would queue the FIN behind the megabytes the client is not reading, so it would
    // never learn that the export ended, and the kernel would keep them until its own timeout.
    res.socket?.resetAndDestroy();
    res.destroy();
  }, stallMs);
  try {
    const piping = pipeline(source, res);
    // Listened to after pipeline has piped: an earlier 'data' listener would start the flow by itself.
    source.on('data', () => stalled || stall.refresh());
    await piping;
  } catch (error) {
    if (stalled) throw new ClientStalledError(stallMs);
    if ((error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') throw new ClientGoneError();
    throw error;
  } finally {
    clearTimeout(stall);
    // pipeline settles when it has asked the source to stop; the generator stops after the read in flight.
    await sourceClosed;
    await pieces.return(undefined); // when the stream was destroyed before it began to read them
  }
}
