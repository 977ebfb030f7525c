import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';

export type TestServerSuite = {
  /** The server, started in the suite's beforeAll. */
  readonly server: TestServer;
  /** Closes `close`'s subject after the suite's tests, the last handed first, before the server. */
  closeAfter(close: () => Promise<unknown>): void;
};

/** A describe's real sync server and what its tests open against it, closed after them; called in the `describe`. */
export function testServerSuite(): TestServerSuite {
  let server: TestServer | undefined;
  const closers: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    closeAfter: (close) => {
      closers.push(close);
    },
  };
}
