import type { ListColour, TaskList } from '@tasklane/shared/domain/task-list';

/**
 * Every colour of shared's `LIST_COLOURS` with its name (the record's type makes a missing or unknown colour a
 * compile error; the values stay out of zod's module). Each theme maps the name to a shade with at least 3:1
 * contrast on its background (`.colour-<name>` in styles.css).
 */
export const LIST_COLOUR_NAMES: Record<ListColour, string> = {
  grey: 'Grey',
  red: 'Red',
  orange: 'Orange',
  yellow: 'Yellow',
  green: 'Green',
  teal: 'Teal',
  blue: 'Blue',
  indigo: 'Indigo',
  purple: 'Purple',
  pink: 'Pink',
};

export const LIST_COLOUR_CHOICES = Object.keys(LIST_COLOUR_NAMES) as ListColour[];

export function ListDot({ colour }: { colour: ListColour }) {
  return <span className={`list-dot colour-${colour}`} aria-hidden="true" />;
}

/** Lists in their order ([DM17]: by order key, then id). */
export function byListOrder(a: TaskList, b: TaskList): number {
  return a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
