import type { ChangesEvent } from '@tasklane/shared/protocol/changes';

/** Delivers `changes` (of one collection each, [CO2]) to every connected socket of a user, on any instance. */
export interface ChangeNotifier {
  publish(userId: string, event: ChangesEvent): void;
}
