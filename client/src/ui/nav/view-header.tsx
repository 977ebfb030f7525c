import type { ReactNode } from 'react';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { ListDot } from './list-colours';

/** The view's bar: on phones the button that opens the lists, the view's name (the screen's level-2 heading), list actions. */
export function ViewHeader(props: {
  title: string;
  list: TaskList | null;
  showMenu: boolean;
  onMenu: () => void;
  onEditList: () => void;
  /** [SC6] False for a list another account owns: only its owner edits it. */
  editable?: boolean;
  /** [SC1] The list's sharing button. */
  actions?: ReactNode;
}) {
  return (
    <div className="view-bar">
      {props.showMenu && (
        <button type="button" className="menu-button" aria-haspopup="dialog" onClick={props.onMenu}>
          <span aria-hidden="true">☰</span> Lists
        </button>
      )}
      <h2 id="view-heading">
        {props.list && <ListDot colour={props.list.colour} />}
        {props.title}
        {props.list?.archived && <span className="badge">Archived</span>}
      </h2>
      {props.list && props.editable !== false && (
        <button type="button" onClick={props.onEditList}>
          Edit list
        </button>
      )}
      {props.list && props.actions}
    </div>
  );
}
