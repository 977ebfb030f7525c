import { useState, type FormEvent } from 'react';
import type { ListColour, TASK_LIST_LIMITS, TaskList } from '@tasklane/shared/domain/task-list';
import { LIST_COLOUR_CHOICES, LIST_COLOUR_NAMES, ListDot } from './list-colours';
import type { ListDraft } from './ports';
import { useModalDialog } from './use-modal-dialog';

/** shared's `TASK_LIST_LIMITS.nameMaxLength` (its type keeps them equal; the value's module carries zod). */
const NAME_MAX_LENGTH: (typeof TASK_LIST_LIMITS)['nameMaxLength'] = 100;

/**
 * [NV3] Create a list, or rename, recolour, archive, unarchive or delete one (the Inbox can be renamed and recoloured
 * only). A modal dialog: focus stays inside, Escape cancels.
 */
export function ListDialog(props: {
  list: TaskList | null;
  onSave: (draft: ListDraft) => void;
  onArchive: (archived: boolean) => void;
  onDelete: () => void;
  onClose: () => void;
}) {
  const dialog = useModalDialog();
  const { list } = props;
  const [name, setName] = useState(list?.name ?? '');
  const [colour, setColour] = useState<ListColour>(list?.colour ?? 'blue');
  const [blank, setBlank] = useState(false);

  function save(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setBlank(true);
      return;
    }
    props.onSave({ name: name.trim(), colour });
  }

  return (
    <dialog ref={dialog} aria-labelledby="list-dialog-heading" onClose={props.onClose}>
      <form onSubmit={save}>
        <h2 id="list-dialog-heading">{list ? `Edit “${list.name}”` : 'New list'}</h2>
        <label htmlFor="list-name">Name</label>
        <input
          id="list-name"
          required
          maxLength={NAME_MAX_LENGTH}
          value={name}
          aria-invalid={blank || undefined}
          aria-describedby={blank ? 'list-name-error' : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setBlank(false);
          }}
        />
        {blank && (
          <p id="list-name-error" className="error">
            Give the list a name.
          </p>
        )}
        <fieldset className="colours">
          <legend>Colour</legend>
          {LIST_COLOUR_CHOICES.map((choice) => (
            <label key={choice} className="colour-choice">
              <input type="radio" name="list-colour" value={choice} checked={colour === choice} onChange={() => setColour(choice)} />
              <ListDot colour={choice} />
              {LIST_COLOUR_NAMES[choice]}
            </label>
          ))}
        </fieldset>
        {list && !list.inbox && (
          <div className="actions start">
            <button type="button" onClick={() => props.onArchive(!list.archived)}>
              {list.archived ? 'Unarchive list' : 'Archive list'}
            </button>
            <button type="button" className="danger" onClick={props.onDelete}>
              Delete list…
            </button>
          </div>
        )}
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            {list ? 'Save' : 'Create list'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
