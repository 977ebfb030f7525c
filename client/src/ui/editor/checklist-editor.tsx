import { useState, type FormEvent } from 'react';
import { CHECKLIST_LIMITS, visibleItems, type ChecklistItem } from '@tasklane/shared/domain/checklist';
import type { Task } from '@tasklane/shared/domain/task';
import { REORDER_INDEX_ATTRIBUTE, usePointerReorder } from '../reorder/use-pointer-reorder';
import type { UndoableEdits } from '../undo/undoable-edits';

/** "2/5": ticked of all live items, or null without a checklist. */
export function checklistProgress(task: Pick<Task, 'checklist'>): { done: number; total: number } | null {
  const items = visibleItems(task.checklist);
  return items.length === 0 ? null : { done: items.filter((item) => item.done).length, total: items.length };
}

function ItemText(props: { item: ChecklistItem; onRename: (text: string) => void }) {
  const { item } = props;
  const [text, setText] = useState(item.text);
  const [seen, setSeen] = useState(item.text);
  // another device (or an undo) renamed it: show the new text unless the user is typing a different one
  if (item.text !== seen) {
    setSeen(item.text);
    setText(item.text);
  }
  const commit = () => {
    const trimmed = text.trim();
    if (trimmed && trimmed !== item.text) props.onRename(trimmed);
    else setText(item.text);
  };
  return (
    <input
      className="checklist-text"
      value={text}
      maxLength={CHECKLIST_LIMITS.textMaxLength}
      aria-label={`Rename “${item.text}”`}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        }
      }}
    />
  );
}

/**
 * [ED6] The checklist of a task: add, tick, rename, reorder (move buttons, Alt+ArrowUp/Down, drag) and remove. Each
 * change is written at once as its own checklist operation ([DM13]) — two devices editing different items both
 * keep their edits ([DM14]) — and can be undone.
 */
export function ChecklistEditor(props: { task: Task; edits: UndoableEdits; run: (action: () => Promise<unknown>) => Promise<void> }) {
  const { task, edits, run } = props;
  const items = visibleItems(task.checklist);
  const [draft, setDraft] = useState('');
  // A tick shows at once, until the write comes back (the item's `doneAt` moves on) or fails.
  const [ticking, setTicking] = useState<ReadonlyMap<string, { done: boolean; doneAt: string }>>(new Map());
  const shownDone = (item: ChecklistItem) => {
    const pending = ticking.get(item.id);
    return pending && pending.doneAt === item.doneAt ? pending.done : item.done;
  };
  const tick = (item: ChecklistItem, done: boolean) => {
    setTicking((current) => new Map(current).set(item.id, { done, doneAt: item.doneAt }));
    void run(async () => {
      try {
        await edits.tickChecklistItem(task, item.id, done);
      } catch (error) {
        setTicking((current) => {
          const next = new Map(current);
          next.delete(item.id);
          return next;
        });
        throw error;
      }
    });
  };
  const progress = checklistProgress(task);
  const move = (itemId: string, to: number) => void run(() => edits.moveChecklistItem(task, itemId, to));
  const { attachContainer, handleProps, dragging, dropMarker } = usePointerReorder((from, to) => move(items[from]!.id, to));
  const full = items.length >= CHECKLIST_LIMITS.maxLiveItems;

  const add = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setDraft('');
    void run(() => edits.addChecklistItem(task, text));
  };

  return (
    <section className="checklist" aria-labelledby="checklist-heading">
      <h3 id="checklist-heading">Checklist{progress && <span className="progress-count"> {`${progress.done}/${progress.total}`}</span>}</h3>
      {items.length > 0 && (
        <ul ref={attachContainer} aria-label="Checklist items">
          {items.map((item, index) => {
            const marker = dropMarker(index, items.length);
            return (
              <li
                key={item.id}
                className={`checklist-item${dragging?.from === index ? ' dragging' : ''}${marker ? ` drop-${marker}` : ''}`}
                onKeyDown={(e) => {
                  if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
                  e.preventDefault();
                  const to = index + (e.key === 'ArrowUp' ? -1 : 1);
                  if (to >= 0 && to < items.length) move(item.id, to);
                }}
              >
                <span className="drag-handle" aria-hidden="true" {...{ [REORDER_INDEX_ATTRIBUTE]: index }} {...handleProps}>
                  ⠿
                </span>
                <input
                  type="checkbox"
                  checked={shownDone(item)}
                  aria-label={`Done: ${item.text}`}
                  onChange={(e) => tick(item, e.target.checked)}
                />
                <ItemText item={item} onRename={(text) => void run(() => edits.renameChecklistItem(task, item.id, text))} />
                <span className="item-actions">
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Move “${item.text}” up`}
                    disabled={index === 0}
                    onClick={() => move(item.id, index - 1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Move “${item.text}” down`}
                    disabled={index === items.length - 1}
                    onClick={() => move(item.id, index + 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon danger"
                    aria-label={`Remove “${item.text}”`}
                    onClick={() => void run(() => edits.removeChecklistItem(task, item.id))}
                  >
                    ✕
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <form className="checklist-add" onSubmit={add}>
        <label htmlFor="checklist-new" className="visually-hidden">
          New checklist item
        </label>
        <input
          id="checklist-new"
          value={draft}
          placeholder={full ? `At most ${CHECKLIST_LIMITS.maxLiveItems} items` : 'Add an item…'}
          disabled={full}
          maxLength={CHECKLIST_LIMITS.textMaxLength}
          onChange={(e) => setDraft(e.target.value)}
          enterKeyHint="done"
        />
        <button type="submit" disabled={full}>
          Add item
        </button>
      </form>
    </section>
  );
}
