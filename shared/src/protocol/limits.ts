export const PROTOCOL_LIMITS = {
  pullMaxLimit: 1000,
  pushMaxRows: 500,
  /**
   * [P5]: the documents of one pull page, serialised as JSON, take at most this many bytes (UTF-8);
   * a single document larger than that still goes, alone.
   */
  pullPageMaxBytes: 1024 * 1024,
  /** socket.io `maxHttpBufferSize`: a larger message closes the connection ([H6], [AB4]). */
  maxSocketMessageBytes: 8 * 1024 * 1024,
  /**
   * [AB4]: the bytes a client may put in one `push` message. Below `maxSocketMessageBytes` with room for the
   * socket.io framing; a client splits larger batches (one row of two maximal documents is far smaller).
   */
  pushMaxBytes: 4 * 1024 * 1024,
  restMaxBodyBytes: 1024 * 1024,
} as const;
