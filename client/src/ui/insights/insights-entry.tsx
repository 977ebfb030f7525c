import { lazy, Suspense } from 'react';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';

// [IN3] The Insights screen is a lazy chunk of its own ("insights"): the first screen and the task views never load it.
const InsightsScreen = lazy(() => import(/* webpackChunkName: "insights" */ './insights-screen'));

export function InsightsView(props: { tasks: readonly Task[]; lists: readonly TaskList[]; now: Date; timeZone: string }) {
  return (
    <Suspense fallback={<p role="status">Loading…</p>}>
      <InsightsScreen {...props} />
    </Suspense>
  );
}
