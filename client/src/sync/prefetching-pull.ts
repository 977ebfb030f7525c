import type { PullRequest, PullResponse } from '@tasklane/shared/protocol/pull';

type Pull = (request: PullRequest) => Promise<PullResponse>;

const sameRequest = (a: PullRequest, b: PullRequest) =>
  a.collection === b.collection &&
  a.limit === b.limit &&
  a.checkpoint?.seq === b.checkpoint?.seq &&
  a.checkpoint?.generation === b.checkpoint?.generation;

/**
 * [BW8] While RxDB stores a full page of a pull, the next page (of `nextLimit` documents) is already
 * on its way: RxDB asks for it only once the page is handed over (and after a full page it always
 * does), so without this every page of a first sync waited a whole round trip to the server before
 * its request even left. The prefetched answer is used only when RxDB then asks for exactly that
 * page and no push began or ended and the connection stayed as it was meanwhile (`activity`
 * unchanged), so it is what a request sent at that moment would have returned; otherwise it is
 * dropped and the page asked for again. Anything written on the server after it comes with the
 * `changes` events, as after any answer.
 */
export function createPrefetchingPull(pull: Pull, activity: () => number, nextLimit: number): Pull {
  let ahead: { request: PullRequest; activity: number; response: Promise<PullResponse> } | null = null;
  return async (request) => {
    const before = activity();
    const prefetched = ahead && ahead.activity === before && sameRequest(ahead.request, request) ? ahead.response : null;
    ahead = null;
    const response = await (prefetched ?? pull(request));
    if (response.documents.length >= request.limit && response.checkpoint && activity() === before) {
      const next: PullRequest = { collection: request.collection, checkpoint: response.checkpoint, limit: nextLimit };
      const answer = pull(next);
      answer.catch(() => undefined); // a prefetch nobody uses may fail quietly; one that is used fails its caller
      ahead = { request: next, activity: before, response: answer };
    }
    return response;
  };
}
