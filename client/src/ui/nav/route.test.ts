import { hashOf, INBOX_ROUTE, routeOf } from './route';

describe('the view in the address', () => {
  it('[NV1] reads and writes #/list/<id>, #/today and #/upcoming; anything else is the Inbox', () => {
    expect(routeOf('#/today')).toEqual({ view: 'today' });
    expect(routeOf('#/upcoming')).toEqual({ view: 'upcoming' });
    expect(routeOf('#/list/0190a1b2-c3d4')).toEqual({ view: 'list', listId: '0190a1b2-c3d4' });
    for (const hash of ['', '#', '#/', '#/nowhere', '#/list/', '#/list/a/b', '#/list/%E0%A4%A', '#/list/%20'])
      expect(routeOf(hash)).toEqual(INBOX_ROUTE);
    const odd = { view: 'list', listId: 'a b/ü#' } as const;
    expect(hashOf(odd)).toBe('#/list/a%20b%2F%C3%BC%23');
    expect(routeOf(hashOf(odd))).toEqual(odd);
    expect(routeOf(hashOf({ view: 'today' }))).toEqual({ view: 'today' });
  });
});
