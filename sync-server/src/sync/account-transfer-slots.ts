/** Releases a slot; calling it again does nothing. */
export type ReleaseSlot = () => void;

export type TransferSlots = {
  /** A slot of `userId`'s, or undefined when they all are taken. */
  take(userId: string): ReleaseSlot | undefined;
  inUse(userId: string): number;
};

/** At most `perUser` transfers under way per user in this process ([EX9]); a user without one costs no memory. */
export function createTransferSlots(perUser: number): TransferSlots {
  const taken = new Map<string, number>();
  return {
    take(userId) {
      const count = taken.get(userId) ?? 0;
      if (count >= perUser) return undefined;
      taken.set(userId, count + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (taken.get(userId) ?? 1) - 1;
        if (left === 0) taken.delete(userId);
        else taken.set(userId, left);
      };
    },
    inUse: (userId) => taken.get(userId) ?? 0,
  };
}
