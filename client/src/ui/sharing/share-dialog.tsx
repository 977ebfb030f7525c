import { useEffect, useState, type FormEvent } from 'react';
import type { MemberRole } from '@tasklane/shared/domain/list-sharing';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { InvitationView, MemberView } from '../../sharing/sharing-api';
import type { Sharing } from '../../sharing/use-sharing';
import { useModalDialog } from '../nav/use-modal-dialog';
import { ROLE_NAMES } from './role-names';
import { useSharingAction } from './use-sharing-action';
import { DialogEnd } from './dialog-end';

type Confirming = { kind: 'remove' | 'owner'; member: MemberView } | null;

/**
 * [SC1] The owner's "Share…" dialog: invite by e-mail as editor or viewer, the invitations waiting (withdrawn here), the
 * members with their role (changed here), removed, or made the owner (the owner stays as an editor, [SH10]).
 */
export default function ShareDialog(props: { sharing: Sharing; list: TaskList; onClose: () => void }) {
  const { sharing, list } = props;
  const { api } = sharing;
  const dialog = useModalDialog();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MemberRole>('editor');
  const [members, setMembers] = useState<MemberView[] | null>(null);
  const [invitations, setInvitations] = useState<InvitationView[] | null>(null);
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState<Confirming>(null);
  const { busy, error, run } = useSharingAction('manage');

  const load = async () => {
    const [nextMembers, nextInvitations] = await Promise.all([api.members(list.id), api.invitationsOf(list.id)]);
    setMembers(nextMembers);
    setInvitations(nextInvitations);
    sharing.keepPeople(list.id, nextMembers); // [SC7] who may be assigned, kept for offline use
  };
  /** After a change: this dialog's lists again, and the device's memberships (the "Shared" mark, [SC6]). */
  const changed = async (said: string) => {
    setNote(said);
    setConfirming(null);
    sharing.refresh();
    await load();
  };
  useEffect(() => {
    sharing.refresh(); // someone may have joined since: the "Shared" mark follows ([SC6])
    void run(load);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loaded once when the dialog opens
  }, []);

  const invite = (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim();
    if (!address) return;
    void run(async () => {
      await api.invite(list.id, address, role);
      setEmail('');
      await changed(`Invited ${address} as ${ROLE_NAMES[role].toLowerCase()}.`);
    });
  };
  const others = (members ?? []).filter((member) => member.role !== 'owner');

  return (
    <dialog ref={dialog} aria-labelledby="share-heading" onClose={props.onClose}>
      <h2 id="share-heading">Share “{list.name}”</h2>
      <form onSubmit={invite} noValidate>
        <label htmlFor="share-email">Invite by email</label>
        <input id="share-email" type="email" autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />
        <label htmlFor="share-role">Role</label>
        <select id="share-role" value={role} onChange={(event) => setRole(event.target.value as MemberRole)}>
          <option value="editor">Editor: can add and change tasks</option>
          <option value="viewer">Viewer: can see tasks only</option>
        </select>
        <div className="actions start">
          <button type="submit" className="primary" disabled={busy || email.trim() === ''}>
            Invite
          </button>
        </div>
      </form>

      <section aria-labelledby="share-members-heading">
        <h3 id="share-members-heading">Members</h3>
        {members === null ? (
          <p>Loading…</p>
        ) : (
          <ul className="people">
            {members.map((member) =>
              member.role === 'owner' ? (
                <li key={member.userId}>
                  {member.email} · Owner{member.userId === sharing.userId ? ' (you)' : ''}
                </li>
              ) : (
                <li key={member.userId}>
                  <span>{member.email}</span>{' '}
                  <label className="visually-hidden" htmlFor={`role-${member.userId}`}>
                    Role of {member.email}
                  </label>
                  <select
                    id={`role-${member.userId}`}
                    value={member.role}
                    disabled={busy}
                    onChange={(event) => {
                      const next = event.target.value as MemberRole;
                      void run(async () => {
                        await api.setRole(list.id, member.userId, next);
                        await changed(`${member.email} is now ${ROLE_NAMES[next].toLowerCase()}.`);
                      });
                    }}
                  >
                    <option value="editor">{ROLE_NAMES.editor}</option>
                    <option value="viewer">{ROLE_NAMES.viewer}</option>
                  </select>{' '}
                  <button type="button" disabled={busy} onClick={() => setConfirming({ kind: 'remove', member })}>
                    Remove <span className="visually-hidden">{member.email}</span>
                  </button>{' '}
                  <button type="button" disabled={busy} onClick={() => setConfirming({ kind: 'owner', member })}>
                    Make owner <span className="visually-hidden">{member.email}</span>
                  </button>
                </li>
              ),
            )}
          </ul>
        )}
        {members !== null && others.length === 0 && <p>Nobody else yet.</p>}
        {confirming && (
          <div className="banner">
            <p>
              {confirming.kind === 'remove'
                ? `Remove ${confirming.member.email}? The list and its tasks leave their devices.`
                : `Make ${confirming.member.email} the owner of “${list.name}”? You stay a member, as an editor.`}
            </p>
            <div className="actions start">
              <button
                type="button"
                className={confirming.kind === 'remove' ? 'danger' : 'primary'}
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    const { member } = confirming;
                    if (confirming.kind === 'remove') {
                      await api.remove(list.id, member.userId);
                      await changed(`${member.email} was removed.`);
                    } else {
                      await api.makeOwner(list.id, member.userId);
                      await changed(`${member.email} owns “${list.name}” now.`);
                    }
                  })
                }
              >
                {confirming.kind === 'remove' ? 'Remove from list' : 'Make them the owner'}
              </button>
              <button type="button" onClick={() => setConfirming(null)}>
                Cancel
              </button>
            </div>
          </div>
        )}
      </section>

      <section aria-labelledby="share-invitations-heading">
        <h3 id="share-invitations-heading">Invitations waiting</h3>
        {invitations !== null && invitations.length === 0 && <p>None.</p>}
        {invitations && invitations.length > 0 && (
          <ul className="people">
            {invitations.map((invitation) => (
              <li key={invitation.id}>
                {invitation.email} · {ROLE_NAMES[invitation.role]}{' '}
                <button
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    void run(async () => {
                      await api.withdraw(list.id, invitation.id);
                      await changed(`The invitation of ${invitation.email} was withdrawn.`);
                    })
                  }
                >
                  Withdraw <span className="visually-hidden">the invitation of {invitation.email}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <p role="status" aria-live="polite">
        {note}
      </p>
      <DialogEnd error={error} onClose={props.onClose} />
    </dialog>
  );
}
