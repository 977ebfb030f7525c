import type { TaskPriority } from '@tasklane/shared/domain/task-fields';
import type { TaskSuggestion } from '../../suggestions/task-suggester';

/** What the user took of a suggestion: each part only once its chip was pressed. */
export type AcceptedSuggestion = { listId?: string; tags?: string[]; priority?: TaskPriority; dueInDays?: number };

type Chip = { key: string; label: string; apply: (accepted: AcceptedSuggestion) => AcceptedSuggestion };

const PRIORITY_LABELS = { high: 'High priority', medium: 'Medium priority', low: 'Low priority' } as const;

function dueLabel(days: number): string {
  if (days <= 0) return 'Due today';
  if (days === 1) return 'Due tomorrow';
  return `Due in ${days} days`;
}

/** The chips a suggestion offers: what differs from what the new task would get anyway. */
export function chipsOf(suggestion: TaskSuggestion, context: { listId: string; listName: (id: string) => string | null }): Chip[] {
  const chips: Chip[] = [];
  const list = suggestion.listId?.value;
  const name = list === undefined ? null : context.listName(list);
  if (list !== undefined && list !== context.listId && name !== null) {
    chips.push({ key: `list:${list}`, label: `In ${name}`, apply: (accepted) => ({ ...accepted, listId: list }) });
  }
  for (const tag of suggestion.tags) {
    chips.push({
      key: `tag:${tag.value}`,
      label: `#${tag.value}`,
      apply: (accepted) => ({ ...accepted, tags: [...(accepted.tags ?? []), tag.value] }),
    });
  }
  const priority = suggestion.priority?.value;
  if (priority !== undefined && priority !== 'medium') {
    chips.push({ key: `priority:${priority}`, label: PRIORITY_LABELS[priority], apply: (accepted) => ({ ...accepted, priority }) });
  }
  const days = suggestion.dueInDays?.value;
  if (days !== undefined)
    chips.push({ key: `due:${days}`, label: dueLabel(days), apply: (accepted) => ({ ...accepted, dueInDays: days }) });
  return chips;
}

/** The accepted parts of a suggestion, from the keys of the chips pressed. */
export function acceptedOf(chips: readonly Chip[], pressed: ReadonlySet<string>): AcceptedSuggestion {
  return chips.filter((chip) => pressed.has(chip.key)).reduce<AcceptedSuggestion>((accepted, chip) => chip.apply(accepted), {});
}

/** [SG5] One tap accepts a suggestion (and another takes it back); nothing is applied unless pressed. */
export function SuggestionChips(props: { chips: readonly Chip[]; pressed: ReadonlySet<string>; onToggle: (key: string) => void }) {
  if (props.chips.length === 0) return null;
  return (
    <div className="suggestions" role="group" aria-label="Suggestions">
      {props.chips.map((chip) => (
        <button
          key={chip.key}
          type="button"
          className="chip"
          aria-pressed={props.pressed.has(chip.key)}
          onClick={() => props.onToggle(chip.key)}
        >
          {chip.label}
        </button>
      ))}
    </div>
  );
}
