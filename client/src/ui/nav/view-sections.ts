import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { filterTasks, tagsOf, type ListQuery } from '../tasks/filter-tasks';
import { epochDayOfDate } from '@tasklane/shared/domain/calendar-date';
import { localDateOf } from '@tasklane/shared/domain/due';
import { INBOX, type Route } from './route';
import { assignedView, tasksOfList, todayView, upcomingView, whatNextView, type ListIndex } from './views';

/** A run of rows under one heading (none in a list). `overdue` sections are marked in words and colour. */
export type ViewSection = { key: string; heading: string | null; overdue: boolean; tasks: Task[] };

export type View = {
  title: string;
  /** The list shown, when the view is one list. */
  list: TaskList | null;
  sections: ViewSection[];
  /** Rows in all sections. */
  count: number;
  /** The view's tags before the tag filter: the chips. */
  tags: string[];
  /** What the empty view says. */
  empty: string;
  /** [SG4] Why each row stands where it does (What next), by task id. */
  reasons?: ReadonlyMap<string, string>;
};

const DAY = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });

/** "Today, Sunday 29 March", "Tomorrow, …", then the weekday and date, in the user's language. */
export function dayHeading(date: string, today: string): string {
  const offset = epochDayOfDate(date) - epochDayOfDate(today);
  const day = DAY.format(Date.parse(`${date}T00:00:00.000Z`));
  return offset === 0 ? `Today, ${day}` : offset === 1 ? `Tomorrow, ${day}` : day;
}

function section(key: string, heading: string | null, tasks: Task[], overdue = false): ViewSection[] {
  return tasks.length === 0 ? [] : [{ key, heading, overdue, tasks }];
}

/** What the task screen shows for a route: the view's tasks, filtered by the query, in sections. */
export function viewOf(
  route: Route,
  input: {
    tasks: readonly Task[];
    lists: readonly TaskList[];
    index: ListIndex;
    query: ListQuery;
    nowMs: number;
    timeZone: string;
    /** [SC7] The signed-in user, for "Assigned to me". */
    userId?: string;
    /** [SG4] Today ordered as What next. */
    whatNext?: boolean;
  },
): View {
  const { query, nowMs, timeZone } = input;
  if (route.view === 'list') {
    const list = input.lists.find((candidate) => candidate.id === route.listId && !candidate._deleted) ?? null;
    const tasks = tasksOfList(input.tasks, route.listId, input.index);
    const shown = filterTasks(tasks, query);
    return {
      title: list?.name ?? (route.listId === INBOX ? 'Inbox' : 'List'),
      list,
      sections: section('list', null, shown),
      count: shown.length,
      tags: tagsOf(tasks),
      empty: tasks.length === 0 ? 'No tasks yet. Add one above.' : 'No task matches.',
    };
  }
  const keep = (tasks: Task[]) => filterTasks(tasks, { ...query, status: 'all' }, { keepOrder: true });
  if (route.view === 'assigned') {
    const assigned = assignedView(input.tasks, input.index, input.userId);
    const shown = keep(assigned);
    return {
      title: 'Assigned to me',
      list: null,
      sections: section('assigned', null, shown),
      count: shown.length,
      tags: tagsOf(assigned),
      empty: assigned.length === 0 ? 'No open task is assigned to you.' : 'No task matches.',
    };
  }
  if (route.view === 'insights') return { title: 'Insights', list: null, sections: [], count: 0, tags: [], empty: '' };
  if (route.view === 'today' && input.whatNext) {
    const ranked = whatNextView(input.tasks, input.index, nowMs, timeZone);
    const shown = keep(ranked.map((entry) => entry.task));
    return {
      title: 'Today',
      list: null,
      sections: section('what-next', 'What next', shown),
      count: shown.length,
      tags: tagsOf(ranked.map((entry) => entry.task)),
      empty: ranked.length === 0 ? 'Nothing open.' : 'No task matches.',
      reasons: new Map(ranked.map((entry) => [entry.task.id, entry.reason])),
    };
  }
  if (route.view === 'today') {
    const { overdue, today } = todayView(input.tasks, input.index, nowMs, timeZone);
    const sections = [...section('overdue', 'Overdue', keep(overdue), true), ...section('today', 'Due today', keep(today))];
    return {
      title: 'Today',
      list: null,
      sections,
      count: sections.reduce((n, s) => n + s.tasks.length, 0),
      tags: tagsOf([...overdue, ...today]),
      empty: overdue.length + today.length === 0 ? 'Nothing due today.' : 'No task matches.',
    };
  }
  const today = localDateOf(nowMs, timeZone);
  const days = upcomingView(input.tasks, input.index, nowMs, timeZone);
  const sections = days.flatMap((day) => section(day.date, dayHeading(day.date, today), keep(day.tasks)));
  return {
    title: 'Upcoming',
    list: null,
    sections,
    count: sections.reduce((n, s) => n + s.tasks.length, 0),
    tags: tagsOf(days.flatMap((day) => day.tasks)),
    empty: days.length === 0 ? 'Nothing due in the next 7 days.' : 'No task matches.',
  };
}
