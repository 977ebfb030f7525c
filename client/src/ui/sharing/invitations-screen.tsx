import { useEffect, useState } from 'react';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { InvitationView } from '../../sharing/sharing-api';
import type { Sharing } from '../../sharing/use-sharing';
import { hashOf } from '../nav/route';
import { ROLE_NAMES } from './role-names';
import { useSharingAction } from './use-sharing-action';

/** [SH3] The list an invitation is to, quoted; an address not confirmed yet is not told its name. */
function listNameOf(invitation: InvitationView): string {
  return invitation.listName ? `“${invitation.listName}”` : 'a shared list';
}

/**
 * [SC2] `#/invitations` (the invitation e-mail's link): the invitations addressed to the user, accepted or declined here.
 * Accepting needs a confirmed address where the server sends mail ([SH3]): the refusal says so and offers the link again.
 */
export default function InvitationsScreen({ sharing }: { sharing: Sharing }) {
  const { busy, error, run } = useSharingAction('accept');
  const [joined, setJoined] = useState<InvitationView | null>(null);
  const [note, setNote] = useState('');
  const { invitations, refreshInvitations } = sharing;
  useEffect(refreshInvitations, [refreshInvitations]);

  const answer = (invitation: InvitationView, accept: boolean) =>
    void run(async () => {
      setNote('');
      if (accept) {
        await sharing.api.accept(invitation.id);
        setJoined(invitation);
        sharing.refresh();
      } else {
        await sharing.api.decline(invitation.id);
        setNote(`You declined the invitation to ${listNameOf(invitation)}.`);
      }
      refreshInvitations();
    });
  const unconfirmed = error?.cause instanceof ProtocolError && error.cause.code === 'FORBIDDEN';

  return (
    <section className="invitations" aria-labelledby="view-heading">
      {joined && (
        <p className="banner" role="status">
          You joined {listNameOf(joined)}. <a href={hashOf({ view: 'list', listId: joined.listId })}>Open {listNameOf(joined)}</a>
        </p>
      )}
      {invitations === null ? (
        <p>Loading…</p>
      ) : invitations.length === 0 ? (
        <p className="empty">No invitations are waiting for you.</p>
      ) : (
        <ul className="people">
          {invitations.map((invitation) => (
            <li key={invitation.id}>
              <p>
                {invitation.invitedBy || 'Someone'} invites you to {listNameOf(invitation)} as {ROLE_NAMES[invitation.role].toLowerCase()}.
                {!invitation.listName && ' Confirm your e-mail address to see which list and who sent it.'}
              </p>
              <div className="actions start">
                <button type="button" className="primary" disabled={busy} onClick={() => answer(invitation, true)}>
                  Accept <span className="visually-hidden">the invitation to {listNameOf(invitation)}</span>
                </button>
                <button type="button" disabled={busy} onClick={() => answer(invitation, false)}>
                  Decline <span className="visually-hidden">the invitation to {listNameOf(invitation)}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p role="status" aria-live="polite">
        {note}
      </p>
      {error && (
        <p className="error" role="alert">
          {error.text}{' '}
          {unconfirmed && (
            <button
              type="button"
              className="link"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await sharing.api.resendVerification();
                  setNote('A new confirmation link is on its way.');
                })
              }
            >
              Send the link again
            </button>
          )}
        </p>
      )}
    </section>
  );
}
