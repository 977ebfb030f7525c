export const LIST_LIMITS = {
  /**
   * [LR12] Live lists per account besides the Inbox, archived ones included: a list drawer of hundreds is already more
   * than anyone scrolls, and the cap bounds what a create reads to find the cap and the last list's order.
   */
  maxLiveLists: 500,
} as const;
