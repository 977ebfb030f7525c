export const PROTOCOL_LIMITS = {
  pullMaxLimit: 1000,
  pushMaxRows: 500,
  /** socket.io `maxHttpBufferSize`: a full push of 500 maximal tasks fits; anything larger is cut off. */
  maxSocketMessageBytes: 8 * 1024 * 1024,
  restMaxBodyBytes: 1024 * 1024,
} as const;
