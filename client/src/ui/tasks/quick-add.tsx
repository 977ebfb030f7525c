import { useRef, useState, type FormEvent } from 'react';
import { useNewTaskFocus } from '../phone/use-launch-intent';

export function QuickAdd({ onAdd }: { onAdd: (title: string) => Promise<void> }) {
  const [title, setTitle] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useNewTaskFocus(input);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) return;
    setTitle('');
    await onAdd(trimmed.slice(0, 500));
  }
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
    </form>
  );
}
