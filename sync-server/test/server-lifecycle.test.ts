import { spawnSync } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import { CONFIG_VARIABLES } from '../src/config-variables';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { serverBundle, startServerProcess } from '@tasklane/testkit/server-process';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

describe('server process lifecycle', () => {
  const temp = makeTempDir('lifecycle');
  afterAll(() => temp.remove());

  it('[O1] data survives a restart, and SIGTERM shuts down cleanly with exit code 0', async () => {
    const first = await startServerProcess({ DATA_DIR: temp.dir });
    const user = await registerUser(first.url);
    const created = await api(first.url, 'POST', '/api/tasks', { token: user.accessToken, body: { title: 'survives restarts' } });
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await startServerProcess({ DATA_DIR: temp.dir });
    try {
      const login = await api(second.url, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
      expect(login.status).toBe(200);
      const fetched = await api(second.url, 'GET', `/api/tasks/${created.body.id}`, { token: login.body.accessToken });
      expect(fetched.body).toEqual(created.body);
      const oldToken = await api(second.url, 'GET', '/api/tasks', { token: user.accessToken });
      expect(oldToken.status).toBe(200);
    } finally {
      expect(await second.stop('SIGINT')).toBe(0);
    }
  });

  it('[O2] without configured secrets, development secrets are generated once and kept in DATA_DIR', async () => {
    const dir = makeTempDir('dev-secrets');
    try {
      const first = await startServerProcess({ DATA_DIR: dir.dir, JWT_SECRET: '', JWT_REFRESH_SECRET: '' });
      const user = await registerUser(first.url);
      await first.stop();
      const second = await startServerProcess({ DATA_DIR: dir.dir, JWT_SECRET: '', JWT_REFRESH_SECRET: '' });
      try {
        expect((await api(second.url, 'GET', '/api/tasks', { token: user.accessToken })).status).toBe(200);
      } finally {
        await second.stop();
      }
    } finally {
      dir.remove();
    }
  });

  it('[O3] --help lists every configuration variable', () => {
    const result = spawnSync(process.execPath, [serverBundle(), '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    for (const variable of CONFIG_VARIABLES) expect(result.stdout).toContain(variable.name);
  });

  it('[O4] bad configuration is reported all at once and the server refuses to start', () => {
    const result = spawnSync(process.execPath, [serverBundle()], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty', LOG_LEVEL: 'loud', NODE_ENV: 'production', JWT_SECRET: 'short' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT must be');
    expect(result.stderr).toContain('LOG_LEVEL must be');
    expect(result.stderr).not.toContain('short');
  });

  it('[LG4] in production stdout holds JSON lines only, the start-up announcement included, whatever LOG_LEVEL says', async () => {
    const server = await startServerProcess({ DATA_DIR: temp.dir, NODE_ENV: 'production', LOG_LEVEL: 'info', PASSWORD_HASH_COST: '' });
    try {
      await registerUser(server.url);
      await fetch(`${server.url}/socket.io/`); // an ordinary probe, logged at debug at most ([O7])
    } finally {
      await server.stop();
    }
    const lines = server
      .stdout()
      .split('\n')
      .filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(lines.map((line) => JSON.parse(line) as { msg?: string })).toContainEqual(
      expect.objectContaining({ msg: 'Tasklane is running', url: expect.stringMatching(/^http:\/\//) }),
    );
  });

  it('a port already taken is named in one line, with what to do, and no stack trace', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as AddressInfo).port;
    try {
      const result = spawnSync(process.execPath, [serverBundle()], {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          HOST: '127.0.0.1',
          PORT: '0',
          METRICS_PORT: String(taken),
          DATA_DIR: temp.dir,
          LOG_LEVEL: 'silent',
        },
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`port ${taken} on 127.0.0.1 is already in use`);
      expect(result.stderr).toContain('its own PORT and METRICS_PORT');
      expect(result.stderr).not.toMatch(/^\s+at /m);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
