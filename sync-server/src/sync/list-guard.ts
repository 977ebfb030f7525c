import { INBOX_LIST_ID } from '@tasklane/shared/domain/task-list';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Store } from '../store/store';

export type ListGuard = {
  /** [LR1] Refuses a `listId` that names no live list of the user; the Inbox always exists, and `undefined` names none. */
  checkUsable(userId: string, listId: string | undefined): Promise<void>;
};

/**
 * [LR1] A REST write may put a task only into a list the caller holds: the Inbox (which exists even before a device
 * created its document) or a list that is not deleted (an archived one too). Anything else is `INVALID_MESSAGE` naming
 * the field, and nothing is written. (A device that moves a task into a list another device deleted meanwhile is not
 * refused: sync never refuses a valid document, and such a task shows in the Inbox, docs/data-model-v2.md §2.)
 */
export function createListGuard(store: Store): ListGuard {
  return {
    async checkUsable(userId, listId) {
      if (listId === undefined || listId === INBOX_LIST_ID) return;
      const list = await store.getList(userId, listId);
      if (!list || list._deleted) {
        throw new ProtocolError(
          'INVALID_MESSAGE',
          `listId: there is no list "${listId}" in this account${list ? ' (it was deleted)' : ''}; create it first, or leave listId out for the Inbox`,
        );
      }
    },
  };
}
