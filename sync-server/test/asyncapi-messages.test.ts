import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor } from '@tasklane/testkit/sync-socket';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { documentValidator } from './support/document-validator';
import { handshakeFailure } from './support/handshake-failure';

const document: object = parse(fs.readFileSync(path.resolve(__dirname, '../../docs/asyncapi.yaml'), 'utf8'));
// AsyncAPI payload schemas are JSON Schema draft 07.
const mismatch = documentValidator(document, 'draft-7');

function expectPayloadOf(message: string, payload: unknown): void {
  const errors = mismatch(`/components/messages/${message}/payload`, payload);
  if (errors !== undefined) {
    throw new Error(`a real ${message} does not match docs/asyncapi.yaml: ${errors}\n${JSON.stringify(payload).slice(0, 500)}`);
  }
}

/** The refused handshake as the AsyncAPI `connectError` payload describes it: the error's message and data. */
async function connectError(url: string, token: string | undefined, protocolVersion: number): Promise<unknown> {
  const { message, data } = await handshakeFailure(url, token, protocolVersion);
  return { message, data };
}

describe('the AsyncAPI document describes the real socket messages (validated with ajv)', () => {
  let server: TestServer;
  let user: RegisteredUser;
  beforeAll(async () => {
    server = await startTestServer();
    user = await registerUser(server.url);
  });
  afterAll(async () => {
    await server.close();
  });

  it('a refused handshake: UNAUTHENTICATED, CLIENT_TOO_OLD and SERVER_TOO_OLD', async () => {
    expectPayloadOf('handshake', { token: user.accessToken, protocolVersion: PROTOCOL_VERSION });
    const unauthenticated = await connectError(server.url, 'not-a-token', PROTOCOL_VERSION);
    expect(unauthenticated).toMatchObject({ message: 'UNAUTHENTICATED' });
    expectPayloadOf('connectError', unauthenticated);
    const tooOld = await connectError(server.url, user.accessToken, 0);
    expect(tooOld).toMatchObject({ message: 'CLIENT_TOO_OLD' });
    expectPayloadOf('connectError', tooOld);
    const serverTooOld = await connectError(server.url, user.accessToken, PROTOCOL_VERSION + 1);
    expect(serverTooOld).toMatchObject({ message: 'SERVER_TOO_OLD' });
    expectPayloadOf('connectError', serverTooOld);
  });

  it('pull, push, their acknowledgements (answers and errors) and changes', async () => {
    const writer = await connectSocket(server.url, user.accessToken);
    const listener = await connectSocket(server.url, user.accessToken);
    try {
      const task = makeTask({ tags: ['api'] });
      const pushRequest = { rows: [{ newDocumentState: task }] };
      expectPayloadOf('push', pushRequest);
      const pushed = await writer.push(pushRequest);
      expect(pushed).toEqual({ ok: true, data: { conflicts: [] } });
      expectPayloadOf('pushAck', pushed);

      const conflicting = await writer.push({ rows: [{ newDocumentState: { ...task, title: 'Changed elsewhere' } }] });
      expect(conflicting.ok && conflicting.data.conflicts).toHaveLength(1);
      expectPayloadOf('pushAck', conflicting);

      const pullRequest = { checkpoint: null, limit: 10 };
      expectPayloadOf('pull', pullRequest);
      const pulled = await writer.pull(pullRequest);
      expect(pulled.ok && pulled.data.documents).toHaveLength(1);
      expectPayloadOf('pullAck', pulled);

      const invalid = await writer.pull({ checkpoint: null, limit: 0 });
      expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE' } });
      expectPayloadOf('pullAck', invalid);

      await waitFor(() => listener.changes.length > 0, 5000, 'changes');
      expectPayloadOf('changes', listener.changes[0]);
    } finally {
      writer.close();
      listener.close();
    }
  });

  it('[CO1] [CO2] the same messages for lists: pull and push of lists, their acknowledgements and lists changes', async () => {
    const writer = await connectSocket(server.url, user.accessToken);
    const listener = await connectSocket(server.url, user.accessToken);
    try {
      const list = makeList({ name: 'Documented' });
      const pushRequest = { collection: 'lists', rows: [{ newDocumentState: list }] };
      expectPayloadOf('push', pushRequest);
      const pushed = await writer.push(pushRequest);
      expect(pushed).toEqual({ ok: true, data: { conflicts: [] } });
      expectPayloadOf('pushAck', pushed);
      const conflicting = await writer.pushLists({ rows: [{ newDocumentState: { ...list, name: 'Changed elsewhere' } }] });
      expect(conflicting.ok && conflicting.data.conflicts).toHaveLength(1);
      expectPayloadOf('pushAck', conflicting);

      const pullRequest = { collection: 'lists', checkpoint: null, limit: 10 };
      expectPayloadOf('pull', pullRequest);
      const pulled = await writer.pull(pullRequest);
      expect(pulled.ok && pulled.data.documents).toHaveLength(1);
      expectPayloadOf('pullAck', pulled);
      const unknown = await writer.pull({ ...pullRequest, collection: 'projects' });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE' } });
      expectPayloadOf('pullAck', unknown);

      await waitFor(() => listener.listChanges.length > 0, 5000, 'lists changes');
      expectPayloadOf('changes', listener.listChanges[0]);
    } finally {
      writer.close();
      listener.close();
    }
  });
});
