/** One edit that can be taken back: what the toast says, and the write that restores the values from before. */
export type UndoEntry = { label: string; undo: () => Promise<void> };

export type UndoChange = { kind: 'pushed' | 'undone'; entry: UndoEntry };

/** How many edits Ctrl/Cmd+Z can take back, newest first. */
export const UNDO_DEPTH = 20;

export type UndoStack = ReturnType<typeof createUndoStack>;

/**
 * [ED9] The edits of this page that can be undone, newest last. Undoing takes an entry off before its write runs, so
 * pressing Undo twice never applies one undo twice; an undo is itself a new edit (never a rollback of the document),
 * so it replicates and merges like any other ([DM12]).
 */
export function createUndoStack(depth: number = UNDO_DEPTH) {
  const entries: UndoEntry[] = [];
  const listeners = new Set<(change: UndoChange) => void>();
  const changed = (change: UndoChange) => listeners.forEach((listener) => listener(change));
  return {
    push(entry: UndoEntry): void {
      entries.push(entry);
      if (entries.length > depth) entries.shift();
      changed({ kind: 'pushed', entry });
    },
    /** The newest entry, which the toast offers. */
    latest(): UndoEntry | null {
      return entries[entries.length - 1] ?? null;
    },
    /** Takes the newest entry off and runs its undo; `null` when there is nothing to undo. */
    async undoLatest(): Promise<UndoEntry | null> {
      const entry = entries.pop() ?? null;
      if (!entry) return null;
      changed({ kind: 'undone', entry });
      await entry.undo();
      return entry;
    },
    get size(): number {
      return entries.length;
    },
    subscribe(listener: (change: UndoChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
