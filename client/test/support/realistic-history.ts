import type { TaskPriority } from '@tasklane/shared/domain/task-fields';
import type { HistoryExample } from '../../src/suggestions/history-example';

/** A small seeded generator (mulberry32), so the history and every number reported from it are the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Habit = {
  listId: string;
  /** How often the user writes a task of this kind, relative to the others. */
  weight: number;
  titles: ReadonlyArray<readonly string[]>;
  tags: readonly string[];
  priority: readonly TaskPriority[];
  /** Days from creation to due this kind usually gets; null: no due. */
  dueInDays: ReadonlyArray<number | null>;
};

const PEOPLE = ['Anna', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kemal', 'Lena'];
const TOPICS = [
  'budget',
  'roadmap',
  'hiring',
  'launch',
  'invoice',
  'quarterly report',
  'onboarding',
  'contract',
  'pricing',
  'migration',
  'security audit',
  'offsite',
];

/** One person's habits: which kinds of task they write, where they file them, how they tag and time them. */
const HABITS: readonly Habit[] = [
  {
    listId: 'groceries',
    weight: 5,
    titles: [
      ['Buy', 'Get', 'Pick up', ''],
      ['milk', 'eggs', 'bread', 'coffee', 'apples', 'rice', 'cheese', 'tomatoes', 'oat milk', 'butter'],
    ],
    tags: ['shopping'],
    priority: ['low', 'low', 'medium'],
    dueInDays: [0, 0, 1, null],
  },
  {
    listId: 'work',
    weight: 6,
    titles: [['Email', 'Call', 'Meet', 'Ping'], PEOPLE, ['about', 're', 'on'], TOPICS],
    tags: ['work'],
    priority: ['medium', 'medium', 'high'],
    dueInDays: [1, 2, 3, 5],
  },
  {
    listId: 'work',
    weight: 3,
    titles: [['Prepare', 'Review', 'Draft', 'Finish'], TOPICS, ['slides', 'doc', 'notes', 'draft']],
    tags: ['work', 'deep-work'],
    priority: ['high', 'high', 'medium'],
    dueInDays: [3, 5, 7, 7],
  },
  {
    listId: 'home',
    weight: 4,
    titles: [
      ['Fix', 'Clean', 'Vacuum', 'Tidy', 'Repair'],
      ['the kitchen', 'bathroom', 'garage', 'leaking tap', 'hallway', 'windows', 'fridge'],
    ],
    tags: ['chores'],
    priority: ['low', 'medium'],
    dueInDays: [null, null, 2, 6],
  },
  {
    listId: 'home',
    weight: 2,
    titles: [
      ['Buy', 'Order', 'Get'],
      ['light bulbs', 'batteries', 'a doormat', 'bin bags', 'paint', 'filters'],
    ],
    tags: ['chores', 'shopping'],
    priority: ['low'],
    dueInDays: [null, 3, 7],
  },
  {
    listId: 'health',
    weight: 2,
    titles: [
      ['Call', 'Book', 'See'],
      ['dentist', 'doctor', 'physio', 'optician'],
      ['', 'appointment', 'check-up'],
    ],
    tags: ['health'],
    priority: ['medium', 'high'],
    dueInDays: [7, 7, 10, 14],
  },
  {
    listId: 'finance',
    weight: 2,
    titles: [
      ['Pay', 'Check', 'File'],
      ['rent', 'electricity bill', 'water bill', 'credit card', 'taxes', 'insurance'],
    ],
    tags: ['bills'],
    priority: ['high'],
    dueInDays: [2, 3, 5, 6],
  },
  {
    listId: 'kids',
    weight: 2,
    titles: [
      ['Sign', 'Pack', 'Pay for', 'Buy'],
      ['school trip', 'permission slip', 'lunch box', 'swimming lessons', 'football boots'],
    ],
    tags: ['kids'],
    priority: ['medium'],
    dueInDays: [0, 1, 1, 3],
  },
];

const FREE_WORDS = ['idea', 'remember', 'maybe', 'look into', 'think about', 'podcast', 'book', 'film', 'holiday', 'gift'];
const ALL_LISTS = ['inbox', ...new Set(HABITS.map((habit) => habit.listId))];

/**
 * [SG3] A year of one person's tasks in the order they wrote them: kinds of task by habit, with the noise real people
 * make — a task filed in another list (12 %), a tag forgotten (15 %) or added on a whim (5 %), another priority (15 %),
 * another due (20 %), and a stream of one-off notes that go to the Inbox untagged (15 %).
 */
export function realisticHistory(count: number, seed: number): HistoryExample[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const totalWeight = HABITS.reduce((sum, habit) => sum + habit.weight, 0);
  const habitOf = (): Habit => {
    let left = random() * totalWeight;
    for (const habit of HABITS) if ((left -= habit.weight) < 0) return habit;
    return HABITS[HABITS.length - 1]!;
  };
  const allTags = [...new Set(HABITS.flatMap((habit) => habit.tags))];
  const examples: HistoryExample[] = [];
  for (let index = 0; index < count; index += 1) {
    if (random() < 0.15) {
      const words = [pick(FREE_WORDS), pick(FREE_WORDS), String(Math.floor(random() * 1000))];
      examples.push({ title: words.join(' '), listId: 'inbox', tags: [], priority: 'medium', dueInDays: random() < 0.2 ? 3 : null });
      continue;
    }
    const habit = habitOf();
    // Vocabulary grows through the year: half of each part's words from the start, the rest one by one, so the held-out
    // months bring words the model never saw.
    const known = <T>(items: readonly T[]): readonly T[] =>
      items.length <= 3 ? items : items.slice(0, Math.ceil(items.length * (0.5 + (0.5 * (index + 1)) / count)));
    const title = habit.titles
      .map((part) => pick(known(part)))
      .filter((part) => part !== '')
      .join(' ');
    const tags = new Set(habit.tags.filter(() => random() >= 0.15));
    if (random() < 0.05) tags.add(pick(allTags));
    examples.push({
      title,
      listId: random() < 0.12 ? pick(ALL_LISTS) : habit.listId,
      tags: [...tags].sort(),
      priority: random() < 0.15 ? pick(['low', 'medium', 'high'] as const) : pick(habit.priority),
      dueInDays: random() < 0.2 ? pick([null, 0, 1, 3, 7, 14]) : pick(habit.dueInDays),
    });
  }
  return examples;
}
