import type { StoredTask } from '../domain/task';
import type { Checkpoint } from './checkpoint';

/** Server → client after every accepted write of the user (DESIGN §3). */
export type ChangesEvent = {
  documents: StoredTask[];
  checkpoint: Checkpoint;
  previous: Checkpoint | null;
};
