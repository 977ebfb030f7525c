import { Subject } from 'rxjs';
import type { RxReplicationPullStreamItem } from 'rxdb/plugins/core';
import { combinePullItems, holdWhilePushing } from './hold-while-pushing';

type Doc = { id: string; seq: number; _deleted: boolean };
type Item = RxReplicationPullStreamItem<Doc, { seq: number }>;
const event = (seq: number, ...docs: Doc[]): Item => ({ documents: docs, checkpoint: { seq } });

describe('live pull items held while pushes are in flight', () => {
  it('[LE4] held events go to RxDB as one, the latest state of each task winning; a RESYNC keeps its place', () => {
    const items = [
      event(4, { id: 'a', seq: 4, _deleted: false }),
      event(7, { id: 'b', seq: 6, _deleted: false }, { id: 'a', seq: 7, _deleted: false }),
      'RESYNC' as const,
      event(9, { id: 'b', seq: 9, _deleted: false }),
    ];
    expect(combinePullItems(items)).toEqual([
      event(7, { id: 'b', seq: 6, _deleted: false }, { id: 'a', seq: 7, _deleted: false }),
      'RESYNC',
      event(9, { id: 'b', seq: 9, _deleted: false }),
    ]);
  });

  it('[LE4] nothing passes until the pushes are answered; then everything held passes at once', async () => {
    let answer!: () => void;
    const pushes = new Promise<void>((resolve) => (answer = resolve));
    const source = new Subject<Item>();
    const passed: Item[] = [];
    source.pipe(holdWhilePushing<Doc, { seq: number }>(() => pushes, 60_000)).subscribe((item) => passed.push(item));
    source.next(event(4, { id: 'a', seq: 4, _deleted: false }));
    source.next(event(5, { id: 'a', seq: 5, _deleted: false }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(passed).toEqual([]);
    answer();
    await new Promise((resolve) => setImmediate(resolve));
    expect(passed).toEqual([event(5, { id: 'a', seq: 5, _deleted: false })]);
  });
});
