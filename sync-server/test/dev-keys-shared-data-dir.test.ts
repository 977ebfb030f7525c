import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

/** docs/architecture.md [NT27]: several development servers starting at once on one DATA_DIR agree on one VAPID key pair. */
describe('development keys in a shared DATA_DIR', () => {
  const dataDir = makeTempDir('dev-keys');
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    dataDir.remove();
  });

  it('[NT27] six servers started at once on a fresh DATA_DIR all start and all serve the same VAPID public key', async () => {
    servers.push(...(await Promise.all(Array.from({ length: 6 }, () => startServerProcess({ DATA_DIR: dataDir.dir })))));
    const keys = await Promise.all(
      servers.map(
        async (server) => ((await (await fetch(`${server.url}/api/push-config`)).json()) as { vapidPublicKey: string }).vapidPublicKey,
      ),
    );
    expect(typeof keys[0]).toBe('string');
    expect(new Set(keys).size).toBe(1);
  });
});
