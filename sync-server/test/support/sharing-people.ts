import type { StoredTask } from '@tasklane/shared/domain/task';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import type { InvitationView } from '@tasklane/shared/domain/sharing-schema';
import type { Ack } from '@tasklane/shared/protocol/ack';
import type { RefusedRow } from '@tasklane/shared/protocol/push';
import { api, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startSmtpInbox, type SmtpInbox } from '@tasklane/testkit/smtp-inbox';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, type TestSocket } from '@tasklane/testkit/sync-socket';
import { registerVerifiedUser } from '@tasklane/testkit/verified-user';
import type { Store } from '../../src/store/store';

export type PushAck<D> = Ack<{ conflicts: D[]; refused?: RefusedRow[] }>;
export type Person = RegisteredUser & { socket: TestSocket };

/** A push's acknowledgement data; a failed push fails the test. */
export function data<D>(ack: PushAck<D>): { conflicts: D[]; refused?: RefusedRow[] } {
  if (!ack.ok) throw new Error(`push failed: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

/** Pulls one collection from the start until empty, as a fresh device does: the documents it ends up holding, live ones only. */
async function held<D extends { id: string; _deleted: boolean }>(
  pull: (checkpoint: unknown) => Promise<Ack<{ documents: D[]; checkpoint: unknown }>>,
) {
  const docs = new Map<string, D>();
  let checkpoint: unknown = null;
  for (;;) {
    const answer = await pull(checkpoint);
    if (!answer.ok) throw new Error(`pull failed: ${JSON.stringify(answer.error)}`);
    if (answer.data.documents.length === 0) break;
    for (const doc of answer.data.documents) docs.set(doc.id, doc);
    checkpoint = answer.data.checkpoint;
  }
  return [...docs.values()].filter((doc) => !doc._deleted);
}

export const heldTasks = (socket: TestSocket) => held<StoredTask>((checkpoint) => socket.pull({ checkpoint, limit: 100 }));
export const heldLists = (socket: TestSocket) => held<StoredTaskList>((checkpoint) => socket.pullLists({ checkpoint, limit: 100 }));

/** Shares `owner`'s list with `member` on a server that sends no mail, where an address needs no proof to be invited ([SH3]). */
export async function shareWithoutMail(
  server: { url: string },
  owner: RegisteredUser,
  listId: string,
  member: RegisteredUser,
  role: 'editor' | 'viewer',
): Promise<void> {
  const invitation = await api(server.url, 'POST', `/api/lists/${listId}/invitations`, {
    token: owner.accessToken,
    body: { email: member.email, role },
  });
  expect(invitation.status).toBe(201);
  const accepted = await api(server.url, 'POST', `/api/invitations/${(invitation.body as { id: string }).id}/accept`, {
    token: member.accessToken,
  });
  expect(accepted.status).toBe(200);
}

/**
 * People who share lists on a real server, invited by real SMTP (docs/protocol.md [SH3]): each has a verified address
 * and a connected socket, which `sockets` collects for the caller to close. `where` is read at each call, so the
 * helpers can be made before `beforeAll` starts the server and the inbox.
 */
export function sharingPeople(where: () => { url: string; inbox: SmtpInbox }, sockets: TestSocket[]) {
  async function person(): Promise<Person> {
    const { url, inbox } = where();
    const user = await registerVerifiedUser(url, inbox);
    const socket = await connectSocket(url, user.accessToken);
    sockets.push(socket);
    return { ...user, socket };
  }

  const call = (user: RegisteredUser, method: string, path: string, body?: unknown) =>
    api(where().url, method, path, { token: user.accessToken, ...(body === undefined ? {} : { body }) });

  async function createList(owner: RegisteredUser, name: string): Promise<StoredTaskList> {
    const response = await call(owner, 'POST', '/api/lists', { name });
    expect(response.status).toBe(201);
    return response.body as StoredTaskList;
  }

  async function share(owner: RegisteredUser, listId: string, member: RegisteredUser, role: 'editor' | 'viewer'): Promise<void> {
    const invited = await call(owner, 'POST', `/api/lists/${listId}/invitations`, { email: member.email.toUpperCase(), role });
    expect(invited.status).toBe(201);
    const mail = await where().inbox.next(member.email);
    expect(mail.subject).toBe('A Tasklane list was shared with you');
    expect(mail.text).toContain('https://tasks.example.com/#/invitations');
    const mine = await call(member, 'GET', '/api/invitations');
    const invitation = (mine.body as { invitations: InvitationView[] }).invitations.find((entry) => entry.listId === listId);
    expect(invitation).toMatchObject({ role, invitedBy: owner.email, email: member.email });
    expect((await call(member, 'POST', `/api/invitations/${invitation!.id}/accept`)).status).toBe(200);
  }

  return { person, call, createList, share };
}

export type SharingServerSuite = {
  /** The server, started in the suite's beforeAll. */
  readonly server: TestServer;
  /** The SMTP inbox the server mails invitations and verifications to. */
  readonly inbox: SmtpInbox;
};

/** Opens the store a suite's server runs on (its own, fresh) and removes it after the server closed it. */
export type SuiteStoreOpener = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

/**
 * A describe's real server that mails through a real SMTP inbox (docs/protocol.md [SH3]), both started before its tests
 * and closed after them; the sockets handed to `sockets` are closed after each test. Called in the `describe`. The
 * server runs on a fresh embedded store, or on the one `openStore` opens.
 */
export function sharingServerSuite(sockets: TestSocket[] = [], openStore?: SuiteStoreOpener): SharingServerSuite {
  let inbox: SmtpInbox | undefined;
  let server: TestServer | undefined;
  let opened: Awaited<ReturnType<SuiteStoreOpener>> | undefined;
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    opened = await openStore?.();
    server = await startTestServer({
      ...(opened ? { store: opened.store } : {}),
      email: {
        transport: { kind: 'smtp', url: inbox.url, from: 'Tasklane <no-reply@tasks.example.com>' },
        publicUrl: 'https://tasks.example.com',
        perAddressPerHour: 5,
      },
    });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await server?.close();
    await opened?.cleanup();
    await inbox?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    get inbox() {
      if (!inbox) throw new Error('the inbox starts in beforeAll');
      return inbox;
    },
  };
}
