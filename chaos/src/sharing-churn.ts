import type { MemberRole } from '@tasklane/shared/domain/list-sharing';
import { INBOX_LIST_ID, type TaskList } from '@tasklane/shared/domain/task-list';
import { ledgerNow } from './ack-ledger';
import { pick, spread } from './list-operations';
import type { AccessLog } from './sharing-access';
import type { ActorAnswer, SharingActor } from './sharing-actors';

export const CHURN_KINDS = ['invite', 'accept', 'decline', 'role', 'remove', 'leave', 'transfer'] as const;
export type ChurnKind = (typeof CHURN_KINDS)[number];
/** What became of the churn steps: done (2xx), refused (4xx: nothing changed), or settled by a read after a lost answer. */
export type ChurnCounters = Record<ChurnKind, number> & { refused: number; lostAnswers: number; skipped: number };

type Invitation = { id: string; listId: string; userId: string; role: MemberRole };

/** The four draws of one churn step: kind, list, person, role. */
export type ChurnDraws = [number, number, number, number];

function churnKind(draw: number): ChurnKind {
  if (draw < 0.3) return 'invite';
  if (draw < 0.58) return 'accept';
  if (draw < 0.62) return 'decline';
  if (draw < 0.72) return 'role';
  if (draw < 0.84) return 'remove';
  if (draw < 0.94) return 'leave';
  return 'transfer';
}

/**
 * [CS1] Membership churn over REST, one change at a time, each recorded in the access log with when it was asked and
 * when it was known to be done: owners invite (editor or viewer) to their live lists, invitees accept or decline, owners
 * change roles, remove members and hand lists over ([SH10]), members leave. The servers send no mail, so accepting needs
 * no verified address ([SH3]). An answer lost to a killed instance is settled by reading the members afterwards.
 */
export function createMembershipChurn(actors: readonly SharingActor[], log: AccessLog) {
  const pending: Invitation[] = [];
  const roles = new Map<string, MemberRole>();
  const counters: ChurnCounters = {
    invite: 0,
    accept: 0,
    decline: 0,
    role: 0,
    remove: 0,
    leave: 0,
    transfer: 0,
    refused: 0,
    lostAnswers: 0,
    skipped: 0,
  };
  /** The last membership write's answer, for the reports. */
  let lastAnswer = '';
  const actorOf = (userId: string) => actors.find((actor) => actor.user.id === userId)!;
  const key = (listId: string, userId: string) => `${listId}/${userId}`;

  /** Lists `owner` owns now and the server holds live, in a stable order. */
  async function ownedLiveLists(owner: SharingActor): Promise<string[]> {
    const answer = await owner.read('/api/lists?limit=500');
    if (answer.status !== 200) return [];
    return (answer.body as { lists: TaskList[] }).lists
      .filter((list) => !list._deleted && list.id !== INBOX_LIST_ID && log.ownerOf(list.id) === owner.user.id)
      .map((list) => list.id)
      .sort();
  }

  /** Whether `userId` is a member (or the owner) of the list now, as the server says to them. */
  async function isMember(userId: string, listId: string): Promise<{ member: boolean; role: string | null } | null> {
    const answer = await actorOf(userId).read(`/api/lists/${encodeURIComponent(listId)}/members`);
    if (answer.status === 404) return { member: false, role: null };
    if (answer.status !== 200) return null;
    const me = (answer.body as { members: { userId: string; role: string }[] }).members.find((member) => member.userId === userId);
    return { member: me !== undefined, role: me?.role ?? null };
  }

  /** The outcome of a membership write: true when done, false when refused; a lost answer is settled by a read. */
  async function settle(answer: ActorAnswer, done: () => Promise<boolean | null>): Promise<{ done: boolean; certain: boolean }> {
    if (answer !== 'lost' && answer.status < 300) return { done: true, certain: true };
    if (answer !== 'lost' && answer.status < 500) {
      counters.refused += 1;
      return { done: false, certain: true };
    }
    counters.lostAnswers += 1;
    const outcome = await done();
    return { done: outcome === true, certain: outcome !== null };
  }

  async function change(kind: 'grant' | 'revoke', userId: string, listId: string, requestedAt: number, write: () => Promise<ActorAnswer>) {
    const answer = await write();
    lastAnswer = answer === 'lost' ? 'lost' : `${answer.status} ${JSON.stringify(answer.body)}`;
    const expected = kind === 'grant';
    const outcome = await settle(answer, async () => {
      const now = await isMember(userId, listId);
      return now === null ? null : now.member === expected;
    });
    // An outcome no read could settle stays open for ever: the pair is never counted as a leak.
    if (outcome.done || !outcome.certain) {
      log.record({ userId, listId, kind, requestedAt, settledAt: outcome.certain ? ledgerNow() : Infinity });
    }
    return outcome.done;
  }

  async function step([kindDraw, listDraw, personDraw, roleDraw]: ChurnDraws): Promise<ChurnKind | null> {
    const kind = churnKind(kindDraw);
    const owner = pick(actors, listDraw);
    switch (kind) {
      case 'invite': {
        const owned = await ownedLiveLists(owner);
        const listId = owned.length > 0 ? pick(owned, spread(listDraw, 3)) : null;
        const others = actors.filter((actor) => listId && actor !== owner && !log.membersOf(listId).has(actor.user.id));
        if (!listId || others.length === 0) break;
        const invitee = pick(others, personDraw);
        const role: MemberRole = roleDraw < 0.6 ? 'editor' : 'viewer';
        const answer = await owner.write('POST', `/api/lists/${encodeURIComponent(listId)}/invitations`, {
          email: invitee.user.email,
          role,
        });
        if (answer !== 'lost' && answer.status === 201) {
          // A second invitation of the same address to the same list replaces the first ([SH3]).
          pending.splice(0, pending.length, ...pending.filter((one) => one.listId !== listId || one.userId !== invitee.user.id));
          pending.push({ id: (answer.body as { id: string }).id, listId, userId: invitee.user.id, role });
        } else if (answer !== 'lost') counters.refused += 1;
        else counters.lostAnswers += 1;
        counters.invite += 1;
        return kind;
      }
      case 'accept':
      case 'decline': {
        const invitation = pending[Math.floor(personDraw * pending.length)];
        if (!invitation) break;
        pending.splice(pending.indexOf(invitation), 1);
        const invitee = actorOf(invitation.userId);
        const path = `/api/invitations/${invitation.id}/${kind}`;
        if (kind === 'decline') {
          const answer = await invitee.write('POST', path);
          if (answer === 'lost' || answer.status >= 300) counters.refused += 1;
        } else if (await change('grant', invitation.userId, invitation.listId, ledgerNow(), () => invitee.write('POST', path))) {
          roles.set(key(invitation.listId, invitation.userId), invitation.role);
        }
        counters[kind] += 1;
        return kind;
      }
      case 'role':
      case 'remove':
      case 'transfer': {
        // Over every shared list of every owner, so a step rarely finds nothing to do.
        const pairs = (await Promise.all(actors.map(async (actor) => ({ actor, lists: await ownedLiveLists(actor) })))).flatMap(
          ({ actor, lists }) =>
            lists.flatMap((listId) => [...log.membersOf(listId)].sort().map((memberId) => ({ actor, listId, memberId }))),
        );
        const chosen = pairs[Math.floor(personDraw * pairs.length)];
        if (!chosen) break;
        const { actor: lister, listId, memberId } = chosen;
        const base = `/api/lists/${encodeURIComponent(listId)}`;
        if (kind === 'remove') {
          await change('revoke', memberId, listId, ledgerNow(), () => lister.write('DELETE', `${base}/members/${memberId}`));
        } else if (kind === 'role') {
          const role: MemberRole = roles.get(key(listId, memberId)) === 'viewer' ? 'editor' : 'viewer';
          const answer = await lister.write('PATCH', `${base}/members/${memberId}`, { role });
          const outcome = await settle(answer, async () => (await isMember(memberId, listId))?.role === role);
          if (outcome.done) roles.set(key(listId, memberId), role);
        } else {
          const answer = await lister.write('POST', `${base}/owner`, { userId: memberId });
          const outcome = await settle(answer, async () => (await isMember(memberId, listId))?.role === 'owner');
          if (outcome.done) {
            log.transferred(listId, memberId);
            roles.set(key(listId, lister.user.id), 'editor');
          }
        }
        counters[kind] += 1;
        return kind;
      }
      case 'leave': {
        const shared = actors.flatMap((actor) =>
          [...new Set(log.changes.map((one) => one.listId))]
            .filter((listId) => log.membersOf(listId).has(actor.user.id))
            .map((listId) => ({ actor, listId })),
        );
        const chosen = shared.sort((a, b) => (`${a.listId}${a.actor.user.id}` < `${b.listId}${b.actor.user.id}` ? -1 : 1))[
          Math.floor(personDraw * shared.length)
        ];
        if (!chosen) break;
        const { actor, listId } = chosen;
        await change('revoke', actor.user.id, listId, ledgerNow(), () =>
          actor.write('DELETE', `/api/lists/${encodeURIComponent(listId)}/members/${actor.user.id}`),
        );
        counters.leave += 1;
        return kind;
      }
    }
    counters.skipped += 1;
    return null;
  }

  return {
    counters,
    step,
    /** Invites `userId` to the list as `role` and accepts at once (the run's opening shares); null when done, else why not. */
    async share(ownerId: string, listId: string, userId: string, role: MemberRole): Promise<string | null> {
      const invited = await actorOf(ownerId).write('POST', `/api/lists/${encodeURIComponent(listId)}/invitations`, {
        email: actorOf(userId).user.email,
        role,
      });
      if (invited === 'lost' || invited.status !== 201) return `invitation: ${invited === 'lost' ? 'lost' : JSON.stringify(invited.body)}`;
      const path = `/api/invitations/${(invited.body as { id: string }).id}/accept`;
      const done = await change('grant', userId, listId, ledgerNow(), () => actorOf(userId).write('POST', path));
      if (done) roles.set(key(listId, userId), role);
      return done ? null : `the accept was refused: ${lastAnswer}`;
    },
  };
}

export type MembershipChurn = ReturnType<typeof createMembershipChurn>;
