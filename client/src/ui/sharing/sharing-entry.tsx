import { lazy, Suspense, useState } from 'react';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { roleOn, type Person } from '../../sharing/memberships';
import type { Sharing } from '../../sharing/use-sharing';
import { INBOX } from '../nav/route';

// The sharing screens are one lazy chunk ("sharing"), loaded when one is first opened.
const ShareDialog = lazy(() => import(/* webpackChunkName: "sharing" */ './share-dialog'));
const MembersDialog = lazy(() => import(/* webpackChunkName: "sharing" */ './members-dialog'));
const InvitationsScreen = lazy(() => import(/* webpackChunkName: "sharing" */ './invitations-screen'));
const AssigneeField = lazy(() => import(/* webpackChunkName: "sharing" */ './assignee-field'));

const loading = <p role="status">Loading…</p>;

/** [SC1] [SC6] The view bar's sharing button: "Share…" on the user's own lists, "Members" on a list shared with them. */
export function ListSharingButton(props: { sharing: Sharing; list: TaskList; onLeft: () => void }) {
  const { sharing, list } = props;
  const [open, setOpen] = useState(false);
  if (list.id === INBOX) return null; // the Inbox is never shared ([SH2])
  const role = roleOn(sharing.memberships, list.id);
  const member = role !== null && role !== 'owner';
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        {member ? 'Members' : 'Share…'}
      </button>
      {open && (
        <Suspense fallback={loading}>
          {member ? (
            <MembersDialog
              sharing={sharing}
              list={list}
              onClose={() => setOpen(false)}
              onLeft={() => {
                setOpen(false);
                props.onLeft();
              }}
            />
          ) : (
            <ShareDialog sharing={sharing} list={list} onClose={() => setOpen(false)} />
          )}
        </Suspense>
      )}
    </>
  );
}

/** [SC2] Invitations waiting: a link to `#/invitations` above the tasks. */
export function InvitationsBadge({ sharing }: { sharing: Sharing }) {
  const count = sharing.invitations?.length ?? 0;
  if (count === 0) return null;
  return (
    <p className="banner">
      <a href="#/invitations" data-testid="invitations-link">
        {count === 1 ? '1 invitation to a shared list' : `${count} invitations to shared lists`}
      </a>
    </p>
  );
}

/** [SC2] The invitations screen, loaded with the sharing chunk. */
export function InvitationsView({ sharing }: { sharing: Sharing }) {
  return (
    <Suspense fallback={loading}>
      <InvitationsScreen sharing={sharing} />
    </Suspense>
  );
}

/** [SC7] The editor's "Assigned to", loaded with the sharing chunk. */
export function AssigneePicker(props: {
  value: string | null;
  people: readonly Person[];
  me: string;
  onChange: (assignee: string | null) => void;
}) {
  return (
    <Suspense fallback={null}>
      <AssigneeField {...props} />
    </Suspense>
  );
}
