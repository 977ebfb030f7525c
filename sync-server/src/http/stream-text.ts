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

function drained(res: Response, isClosed: () => boolean): Promise<void> {
  if (isClosed()) return Promise.reject(new ClientGoneError());
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      res.off('close', onClose);
      resolve();
    };
    const onClose = () => reject(new ClientGoneError());
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

/**
 * Writes `pieces` as the body of `res`, holding at most one write's worth plus what the socket buffers: it waits
 * for `drain` whenever the socket is full, so a slow reader slows the reading of the store instead of filling
 * memory. Ends the response when the pieces end; throws `ClientGoneError` (and stops reading the pieces) when the
 * client goes away first.
 */
export async function streamText(res: Response, pieces: AsyncIterable<string>): Promise<void> {
  let closed = false;
  const onClose = () => (closed = true);
  res.once('close', onClose);
  try {
    let buffer = '';
    for await (const piece of pieces) {
      if (closed) throw new ClientGoneError();
      buffer += piece;
      if (buffer.length < WRITE_BYTES) continue;
      const flowing = res.write(buffer);
      buffer = '';
      if (!flowing) await drained(res, () => closed);
    }
    res.end(buffer);
  } finally {
    res.off('close', onClose);
  }
}
