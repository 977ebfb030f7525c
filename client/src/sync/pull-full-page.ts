import type { PullRequest, PullResponse } from '@tasklane/shared/protocol/pull';

/**
 * One RxDB pull batch of `limit` documents, gathered from as many server pages as it takes. The server
 * cuts a page at 1 MiB ([P5]), so a page shorter than `limit` does not mean "caught up" — only an empty
 * one does — yet RxDB stops pulling after any short page. So pull on until the batch is full or a page is empty.
 */
export async function pullFullPage(
  pull: (request: PullRequest) => Promise<PullResponse>,
  request: PullRequest,
): Promise<{ documents: PullResponse['documents']; checkpoint: PullRequest['checkpoint'] }> {
  const documents: PullResponse['documents'] = [];
  let checkpoint = request.checkpoint;
  for (;;) {
    const page = await pull({ collection: request.collection, checkpoint, limit: request.limit - documents.length });
    (documents as unknown[]).push(...page.documents);
    checkpoint = page.checkpoint ?? checkpoint;
    if (page.documents.length === 0 || documents.length >= request.limit) return { documents, checkpoint };
  }
}
