import { makeList } from '@tasklane/testkit/task-fixture';
import { listMoveOf } from './list-move';

// by key: Home, (archived) Old, Work, Trips, (archived) Older
const home = makeList({ id: 'home', name: 'Home', order: 'a1' });
const old = makeList({ id: 'old', name: 'Old', order: 'a2', archived: true });
const work = makeList({ id: 'work', name: 'Work', order: 'a3' });
const trips = makeList({ id: 'trips', name: 'Trips', order: 'a4' });
const older = makeList({ id: 'older', name: 'Older', order: 'a5', archived: true });
const all = [home, old, work, trips, older];
const shown = [home, work, trips];

describe('list moves', () => {
  it('[LO1] a move among the shown lists becomes a position among all lists, next to the list it lands by; archived ones keep their places', () => {
    // Trips to the top: before Home, first of all
    expect(listMoveOf(all, shown, 'trips', 0)).toMatchObject({
      list: trips,
      position: 0,
      spoken: 'Moved list ‘Trips’ to position 1 of 3.',
    });
    // Home down one: before Trips, so after Old and Work among the others (old, work, trips, older)
    expect(listMoveOf(all, shown, 'home', 1)).toMatchObject({ position: 2, spoken: 'Moved list ‘Home’ to position 2 of 3.' });
    // Home to the end: right after Trips, before the archived Older
    expect(listMoveOf(all, shown, 'home', 2)).toMatchObject({ position: 3 });
    // Work up one: before Home
    expect(listMoveOf(all, shown, 'work', 0)).toMatchObject({ position: 0 });
  });

  it('[LO1] no move past either end, of a list not shown, or of the only list', () => {
    expect(listMoveOf(all, shown, 'home', -1)).toBeNull();
    expect(listMoveOf(all, shown, 'trips', 3)).toBeNull();
    expect(listMoveOf(all, shown, 'work', 1)).toBeNull();
    expect(listMoveOf(all, shown, 'old', 0)).toBeNull();
    expect(listMoveOf(all, [work], 'work', 1)).toBeNull();
  });
});
