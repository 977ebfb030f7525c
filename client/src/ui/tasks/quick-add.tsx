import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { TaskSuggestion } from '../../suggestions/task-suggester';
import { useNewTaskFocus } from '../phone/use-launch-intent';
import { acceptedOf, chipsOf, SuggestionChips, type AcceptedSuggestion } from './suggestion-chips';

/** How long typing pauses before the title is sent to the suggestion worker. */
const SUGGEST_AFTER_MS = 150;

/** [SG5] Where suggestions come from: the worker, and what the new task would get without them. */
export type QuickAddSuggestions = {
  suggest: (title: string) => Promise<TaskSuggestion | null>;
  listId: string;
  listName: (listId: string) => string | null;
};

export function QuickAdd({
  onAdd,
  suggestions,
}: {
  onAdd: (title: string, accepted: AcceptedSuggestion) => Promise<void>;
  suggestions?: QuickAddSuggestions | null;
}) {
  const [title, setTitle] = useState('');
  // The answer keeps the title it is for: a suggestion for an earlier title never shows under a later one.
  const [answer, setAnswer] = useState<{ title: string; suggestion: TaskSuggestion } | null>(null);
  const [pressed, setPressed] = useState<ReadonlySet<string>>(new Set());
  const input = useRef<HTMLInputElement>(null);
  useNewTaskFocus(input);

  const trimmed = title.trim();
  useEffect(() => {
    if (!suggestions || trimmed === '') return;
    let current = true;
    const timer = setTimeout(() => {
      void suggestions.suggest(trimmed).then((suggestion) => {
        if (current && suggestion) setAnswer({ title: trimmed, suggestion });
      });
    }, SUGGEST_AFTER_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [trimmed, suggestions]);
  const suggestion = answer?.title === trimmed ? answer.suggestion : null;

  const chips = useMemo(
    () => (suggestion && suggestions ? chipsOf(suggestion, { listId: suggestions.listId, listName: suggestions.listName }) : []),
    [suggestion, suggestions],
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!trimmed) return;
    const accepted = acceptedOf(chips, pressed);
    setTitle('');
    setAnswer(null);
    setPressed(new Set());
    await onAdd(trimmed.slice(0, 500), accepted);
  }
  const toggle = (key: string) =>
    setPressed((before) => {
      const next = new Set(before);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <form className="quick-add" onSubmit={(event) => void submit(event)}>
      <label htmlFor="quick-add" className="visually-hidden">
        New task
      </label>
      <input
        ref={input}
        id="quick-add"
        placeholder="Add a task…"
        value={title}
        maxLength={500}
        onChange={(e) => setTitle(e.target.value)}
        enterKeyHint="done"
      />
      <button type="submit" className="primary">
        Add
      </button>
      <SuggestionChips chips={chips} pressed={pressed} onToggle={toggle} />
    </form>
  );
}
