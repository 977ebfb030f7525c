import { INBOX_LIST_ID } from '@tasklane/shared/domain/task-list';
import type { PushAttempt } from './ack-ledger';
import type { AccessLog } from './sharing-access';
import type { Receipt } from './sharing-receipts';

/**
 * [CS3] "No device ever held a document it may not see." A receipt is a leak only when the order of events proves it:
 * the server cannot have served it before `servedAfter` — the pull's request left then, or no device had yet sent that
 * content (id and `updatedAt`) to any server — and the user certainly could not see the list from then until it arrived
 * (`definitelyUnseen`). So a document arriving a little after access was granted, or a broadcast of a write made
 * before a revocation arriving a little after it, is never counted. A task in the Inbox lives in its writer's space
 * ([SH2]: the Inbox is never shared), so one that reaches a user who never wrote it is a leak whatever the timing.
 * Returns one line per leak, times in ms since `origin`.
 */
export function findLeaks(receipts: readonly Receipt[], log: AccessLog, attempts: readonly PushAttempt[], origin = 0): string[] {
  const firstSent = new Map<string, number>();
  const writtenBy = new Map<string, number>();
  for (const attempt of attempts) {
    const content = `${attempt.collection}/${attempt.doc.id}/${attempt.doc.updatedAt}`;
    firstSent.set(content, Math.min(firstSent.get(content) ?? Infinity, attempt.emittedAt));
    const writer = `${attempt.userId}/${attempt.collection}/${attempt.doc.id}`;
    writtenBy.set(writer, Math.min(writtenBy.get(writer) ?? Infinity, attempt.emittedAt));
  }
  const at = (time: number) => `+${Math.round(time - origin)} ms`;
  const leaks: string[] = [];
  for (const receipt of receipts) {
    const what = `${receipt.device} received ${receipt.collection === 'lists' ? 'list' : 'task'} ${receipt.id} by ${receipt.via} at ${at(receipt.receivedAt)}`;
    if (receipt.collection === 'tasks' && receipt.listId === INBOX_LIST_ID) {
      if ((writtenBy.get(`${receipt.userId}/tasks/${receipt.id}`) ?? Infinity) >= receipt.receivedAt)
        leaks.push(`${what}: a task in an Inbox its user never wrote`);
      continue;
    }
    if (log.creatorOf(receipt.listId) === null) continue;
    const servedAfter = Math.max(receipt.sentAt, firstSent.get(`${receipt.collection}/${receipt.id}/${receipt.updatedAt}`) ?? -Infinity);
    if (servedAfter === -Infinity) continue;
    if (log.definitelyUnseen(receipt.userId, receipt.listId, servedAfter, receipt.receivedAt)) {
      const revoked = log.changes.filter(
        (change) => change.userId === receipt.userId && change.listId === receipt.listId && change.settledAt <= servedAfter,
      );
      const last = revoked.at(-1);
      leaks.push(
        `${what}, served after ${at(servedAfter)}, in list ${receipt.listId} which its user ${
          last ? `had left (revocation sent ${at(last.requestedAt)}, settled ${at(last.settledAt)})` : 'never could see'
        }`,
      );
    }
  }
  return leaks;
}
