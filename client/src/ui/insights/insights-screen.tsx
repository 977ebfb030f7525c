import { useMemo } from 'react';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { computeInsights } from '../../insights/insights';
import { BarChart } from './bar-chart';

const PRIORITY_NAMES = { high: 'High', medium: 'Medium', low: 'Low' } as const;

function shortDate(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

function duration(hours: number | null): string {
  if (hours === null) return 'no completions yet';
  if (hours < 1) return `${Math.round(hours * 60)} minutes`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} hours`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

/**
 * [IN1] [IN3] `#/insights`: what the user has done and what is open, computed from the tasks on this device (so it
 * works offline), in a lazy chunk of its own ("insights") that the first screen never loads.
 */
export default function InsightsScreen(props: { tasks: readonly Task[]; lists: readonly TaskList[]; now: Date; timeZone: string }) {
  const insights = useMemo(() => computeInsights(props.tasks, props.now, props.timeZone), [props.tasks, props.now, props.timeZone]);
  const listName = (listId: string) => props.lists.find((list) => list.id === listId)?.name ?? 'Inbox';
  return (
    <section className="insights" aria-labelledby="view-heading">
      <dl className="figures">
        <div>
          <dt>Streak</dt>
          <dd>
            {insights.streak} {insights.streak === 1 ? 'day' : 'days'} in a row with a completion
          </dd>
        </div>
        <div>
          <dt>Median time to complete</dt>
          <dd>{duration(insights.medianHoursToComplete)}</dd>
        </div>
      </dl>
      <BarChart
        title="Completed per day, last 12 weeks"
        columns={['Day', 'Completed']}
        bars={insights.perDay.map((day) => ({ label: shortDate(day.date), value: day.count }))}
      />
      <BarChart
        title="Completed per week"
        columns={['Week of', 'Completed']}
        bars={insights.perWeek.map((week) => ({ label: shortDate(week.date), value: week.count }))}
      />
      <BarChart
        title="Overdue at the end of each week"
        columns={['Week ending', 'Overdue']}
        bars={insights.overdue.map((week) => ({ label: shortDate(week.date), value: week.count }))}
      />
      <BarChart
        title="Open tasks by list"
        columns={['List', 'Open']}
        bars={insights.openByList.map((entry) => ({ label: listName(entry.listId), value: entry.count }))}
      />
      <BarChart
        title="Open tasks by priority"
        columns={['Priority', 'Open']}
        bars={insights.openByPriority.map((entry) => ({ label: PRIORITY_NAMES[entry.priority], value: entry.count }))}
      />
    </section>
  );
}
