import { registerVerifiedUser } from '@tasklane/testkit/verified-user';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { InvitationView } from '@tasklane/shared/domain/sharing-schema';
import { SHARING_LIMITS } from '@tasklane/shared/domain/list-sharing';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import { sharingServerSuite } from './support/sharing-people';

const AT = '2026-11-29T12:00:00.000Z';

describe('sharing: cost and limits', () => {
  it('[SH8] [SH6] a user in 40 shared lists who is caught up pulls an empty page; a write to a list of 5 members stores the document once and one feed row per other member', async () => {
    const temp = makeTempDir('sharing-cost');
    const store = createEmbeddedStore({ dataDir: temp.dir });
    try {
      const reader = 'reader-0000-0000-0000-000000000000';
      const owners = Array.from({ length: 4 }, (_, index) => `owner-${index}`);
      const lists: { owner: string; id: string }[] = [];
      for (const [index, owner] of owners.entries()) {
        for (let n = 0; n < 10; n += 1) {
          const list = makeList({ name: `L${index}-${n}` });
          await store.applyListPush(owner, [{ newDocumentState: list }]);
          await store.applyPush(
            owner,
            Array.from({ length: 5 }, () => ({ newDocumentState: makeTask({ listId: list.id }) })),
          );
          await store.putMember(owner, list.id, reader, 'viewer', AT);
          lists.push({ owner, id: list.id });
        }
      }
      let seq = 0;
      let documents = 0;
      for (;;) {
        const page = await store.pullChanges(reader, seq, 100);
        if (page.length === 0) break;
        documents += page.length;
        seq = page[page.length - 1]!.seq;
      }
      expect(documents).toBe(200);
      expect(await store.pullChanges(reader, seq, 100)).toEqual([]);
      expect(await store.highestSeq(reader)).toBeGreaterThanOrEqual(seq);

      // five members of one list: one write, one stored document, four feed rows
      const [first] = lists;
      for (const member of ['m1', 'm2', 'm3']) await store.putMember(first!.owner, first!.id, member, 'editor', AT);
      const task = makeTask({ title: 'Counted', listId: first!.id });
      const outcome = await store.applyPush('m1', [{ newDocumentState: task }]);
      expect(outcome.written.map((written) => written.id)).toEqual([task.id]);
      expect(outcome.fanOut?.map((entry) => entry.userId).sort()).toEqual([first!.owner, 'm2', 'm3', reader].sort());
      const db = new Database(path.join(temp.dir, 'tasklane.sqlite'), { readonly: true });
      try {
        expect(db.prepare('SELECT COUNT(*) AS n FROM tasks WHERE id = ?').get(task.id)).toEqual({ n: 1 });
        expect(db.prepare('SELECT COUNT(*) AS n FROM feed WHERE doc_id = ? AND visible = 1').get(task.id)).toEqual({ n: 4 });
      } finally {
        db.close();
      }
    } finally {
      await store.close();
      temp.remove();
    }
  });

  it('[SH9] a list of more than 10,000 tasks (deleted ones count) cannot gain a member or change owner: each costs a write per task', async () => {
    const temp = makeTempDir('sharing-cap');
    const store = createEmbeddedStore({ dataDir: temp.dir });
    try {
      const list = makeList({ name: 'Huge' });
      await store.applyListPush('owner', [{ newDocumentState: list }]);
      await store.putMember('owner', list.id, 'first', 'editor', AT);
      for (let at = 0; at <= SHARING_LIMITS.maxSharedListTasks; at += 500) {
        await store.applyPush(
          'owner',
          Array.from({ length: 500 }, () => ({ newDocumentState: makeTask({ listId: list.id }) })),
        );
      }
      await expect(store.putMember('owner', list.id, 'second', 'viewer', AT)).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(store.transferOwnership('owner', list.id, 'first', AT, 500)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await store.listAccess('second', list.id)).toBeNull();
      expect((await store.listAccess('owner', list.id))?.role).toBe('owner');
      // leaving always works, whatever the size
      expect((await store.removeMember('owner', list.id, 'first', AT)).changed).toBe(true);
    } finally {
      await store.close();
      temp.remove();
    }
  });

  describe('over REST', () => {
    const suite = sharingServerSuite();

    it('[SH9] a list has at most 50 invitations waiting; an account sends at most 30 invitation mails an hour, the invitations past that are made without one', async () => {
      const owner = await registerVerifiedUser(suite.server.url, suite.inbox);
      const list = await api(suite.server.url, 'POST', '/api/lists', { token: owner.accessToken, body: { name: 'Crowded' } });
      const invite = (email: string) =>
        api(suite.server.url, 'POST', `/api/lists/${(list.body as { id: string }).id}/invitations`, {
          token: owner.accessToken,
          body: { email, role: 'viewer' },
        });
      const addresses = Array.from(
        { length: SHARING_LIMITS.maxPendingInvitations },
        (_, index) => `guest-${index}-${owner.id}@example.com`,
      );
      for (const email of addresses) expect((await invite(email)).status).toBe(201);
      const over = await invite(`one-too-many-${owner.id}@example.com`);
      expect(over.status).toBe(409);
      expect((over.body as { error: { code: string } }).error.code).toBe('CONFLICT');
      // inviting an address again refreshes its invitation and is not one more
      expect((await invite(addresses[0]!)).status).toBe(201);
      const pending = await api(suite.server.url, 'GET', `/api/lists/${(list.body as { id: string }).id}/invitations`, {
        token: owner.accessToken,
      });
      expect((pending.body as { invitations: InvitationView[] }).invitations).toHaveLength(SHARING_LIMITS.maxPendingInvitations);
      // 30 mails were sent (plus the sign-up's verification mail); none after
      await suite.inbox.next(addresses[29]!);
      await expect(suite.inbox.next(addresses[30]!, 500)).rejects.toThrow();
    });

    it('[SH9] [SH3] one address receives at most 5 invitation mails an hour, however often it is invited', async () => {
      const owner = await registerVerifiedUser(suite.server.url, suite.inbox);
      const target = `flooded-${owner.id}@example.com`;
      for (let round = 0; round < 7; round += 1) {
        const list = await api(suite.server.url, 'POST', '/api/lists', { token: owner.accessToken, body: { name: `Flood ${round}` } });
        const invited = await api(suite.server.url, 'POST', `/api/lists/${(list.body as { id: string }).id}/invitations`, {
          token: owner.accessToken,
          body: { email: target, role: 'viewer' },
        });
        expect(invited.status).toBe(201);
      }
      for (let mail = 0; mail < 5; mail += 1) await suite.inbox.next(target);
      await expect(suite.inbox.next(target, 500)).rejects.toThrow();
    });

    it('[SH3] where the server sends mail, an unverified account may not invite, nor see or answer invitations', async () => {
      const unverified = await registerUser(suite.server.url);
      await suite.inbox.next(unverified.email);
      const list = await api(suite.server.url, 'POST', '/api/lists', { token: unverified.accessToken, body: { name: 'Not yet' } });
      const invite = await api(suite.server.url, 'POST', `/api/lists/${(list.body as { id: string }).id}/invitations`, {
        token: unverified.accessToken,
        body: { email: 'someone@example.com', role: 'viewer' },
      });
      expect(invite.status).toBe(403);
      // invited by someone proven: the unproven invitee learns that an invitation waits, not the list nor its sender
      const owner = await registerVerifiedUser(suite.server.url, suite.inbox);
      const secret = await api(suite.server.url, 'POST', '/api/lists', { token: owner.accessToken, body: { name: 'Secret name' } });
      const listId = (secret.body as { id: string }).id;
      const invited = await api(suite.server.url, 'POST', `/api/lists/${listId}/invitations`, {
        token: owner.accessToken,
        body: { email: unverified.email, role: 'editor' },
      });
      expect(invited.status).toBe(201);
      const mine = await api(suite.server.url, 'GET', '/api/invitations', { token: unverified.accessToken });
      expect(mine.status).toBe(200);
      expect((mine.body as { invitations: InvitationView[] }).invitations).toEqual([
        expect.objectContaining({ listName: '', invitedBy: '', role: 'editor' }),
      ]);
      const id = (invited.body as InvitationView).id;
      for (const answer of ['accept', 'decline']) {
        expect((await api(suite.server.url, 'POST', `/api/invitations/${id}/${answer}`, { token: unverified.accessToken })).status).toBe(
          403,
        );
      }
    });
  });
});
