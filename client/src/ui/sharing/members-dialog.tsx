import { useEffect, useState } from 'react';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { MemberView } from '../../sharing/sharing-api';
import type { Sharing } from '../../sharing/use-sharing';
import { useModalDialog } from '../nav/use-modal-dialog';
import { ROLE_NAMES } from './role-names';
import { useSharingAction } from './use-sharing-action';
import { DialogEnd } from './dialog-end';

/**
 * [SC6] A member's "Members" dialog: who shares the list, with their roles, and "Leave list" after a confirmation; the
 * list and its tasks then leave every device of the user ([SH5]).
 */
export default function MembersDialog(props: { sharing: Sharing; list: TaskList; onClose: () => void; onLeft: () => void }) {
  const { sharing, list } = props;
  const dialog = useModalDialog();
  const [members, setMembers] = useState<MemberView[] | null>(null);
  const [leaving, setLeaving] = useState(false);
  const { busy, error, run } = useSharingAction('manage');
  const mine = sharing.memberships.lists.get(list.id);

  useEffect(() => {
    void run(async () => {
      const read = await sharing.api.members(list.id);
      setMembers(read);
      sharing.keepPeople(list.id, read); // [SC7] who may be assigned, kept for offline use
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loaded once when the dialog opens
  }, []);

  const leave = () =>
    void run(async () => {
      await sharing.api.remove(list.id, sharing.userId);
      sharing.refresh();
      props.onLeft();
    });

  return (
    <dialog ref={dialog} aria-labelledby="members-heading" onClose={props.onClose}>
      <h2 id="members-heading">Members of “{list.name}”</h2>
      {mine && (
        <p>
          Shared with you by {mine.ownerEmail}. You are {mine.role === 'viewer' ? 'a viewer: you can see its tasks' : 'an editor'}.
        </p>
      )}
      {members === null ? (
        !error && <p>Loading…</p>
      ) : (
        <ul className="people">
          {members.map((member) => (
            <li key={member.userId}>
              {member.email} · {ROLE_NAMES[member.role]}
              {member.userId === sharing.userId ? ' (you)' : ''}
            </li>
          ))}
        </ul>
      )}
      {leaving ? (
        <div className="banner">
          <p>Leave “{list.name}”? The list and its tasks leave your devices. Its owner can invite you again.</p>
          <div className="actions start">
            <button type="button" className="danger" disabled={busy} onClick={leave}>
              Leave list
            </button>
            <button type="button" onClick={() => setLeaving(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="actions start">
          <button type="button" onClick={() => setLeaving(true)}>
            Leave list…
          </button>
        </div>
      )}
      <DialogEnd error={error} onClose={props.onClose} />
    </dialog>
  );
}
