import type { ChangesEvent } from '@tasklane/shared/protocol/changes';

/** Delivers `changes` to every connected socket of a user, on any instance. */
export interface ChangeNotifier {
  publish(userId: string, event: ChangesEvent): void;
}
