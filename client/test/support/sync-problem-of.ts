import { firstValueFrom } from 'rxjs';
import { filter } from 'rxjs/operators';
import type { SyncEngine } from '../../src/sync/sync-engine';

/** The engine's first status in which the refusal of `key` (`tasks:<id>`, `lists:<id>`) is, or is no longer, kept ([RJ5]). */
export const problemOf = (engine: SyncEngine, key: string, present: boolean) =>
  firstValueFrom(engine.status$.pipe(filter((status) => status.problems.has(key) === present)));
