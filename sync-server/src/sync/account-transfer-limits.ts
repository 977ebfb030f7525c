/** What one account may hold of this instance while it exports or imports (docs/protocol.md [EX9]–[EX11]). */
export const ACCOUNT_TRANSFER_LIMITS = {
  /** Exports under way per user on one instance ([EX9]): a second device may download while the first still does. */
  exportsPerUser: 2,
  /** Imports under way per user on one instance ([EX9]): pages are sent one after another ([EX7]), never side by side. */
  importsPerUser: 1,
  /** `Retry-After` of a refused export or import ([EX9]): the one under way has to finish first, which takes seconds. */
  busyRetryAfterMs: 5000,
  /** An export whose reader has taken nothing for this long is ended ([EX10]); a page read counts as no progress too. */
  exportStallMs: 60_000,
  /** How far `exportedAt` may lie ahead of this server's clock ([EX11]): the clocks of two servers disagree a little. */
  exportedAtSkewMs: 5 * 60_000,
} as const;
