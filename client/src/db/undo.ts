/**
 * What every mutation of the repositories returns: calling it undoes that mutation as a new write on the current
 * state, so edits made since (here or on another device) of other fields, items or documents survive the undo.
 */
export type Undo = () => Promise<void>;

/** Undoes several writes, the last first. */
export function undoAll(undos: readonly Undo[]): Undo {
  return async () => {
    for (const undo of [...undos].reverse()) await undo();
  };
}
