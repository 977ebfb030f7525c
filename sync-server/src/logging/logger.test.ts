import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('names the process on every line: the server unless told, the notifier when it says so', () => {
    const server = capture();
    createLogger('info', { destination: server.destination }).info('a line');
    const notifier = capture();
    createLogger('info', { destination: notifier.destination, service: 'tasklane-notifier' }).info('a line');
    expect(JSON.parse(server.lines.join(''))).toMatchObject({ service: 'tasklane-sync-server', msg: 'a line' });
    expect(JSON.parse(notifier.lines.join(''))).toMatchObject({ service: 'tasklane-notifier', msg: 'a line' });
  });

  it('[LG1] redacts passwords, tokens, secrets and auth headers wherever they appear', () => {
    const { lines, destination } = capture();
    const logger = createLogger('info', { destination });
    logger.info(
      {
        password: 'hunter2-hunter2',
        body: { refreshToken: 'r.t.x', accessToken: 'a.t.x' },
        req: { headers: { authorization: 'Bearer a.t.x', cookie: '__Host-tasklane_refresh=r.t.x' } },
        secret: 's3cr3t',
      },
      'careless line',
    );
    const line = lines.join('');
    for (const secret of ['hunter2-hunter2', 'r.t.x', 'a.t.x', 's3cr3t']) expect(line).not.toContain(secret);
    expect(line).toContain('careless line');
  });

  it('[LG1] redacts them at any depth: four levels down, in arrays, in header objects of any case', () => {
    const { lines, destination } = capture();
    const logger = createLogger('info', { destination });
    logger.info(
      {
        a: { b: { c: { password: 'p4-deep', d: { TOKEN: 't5-deeper' } } } },
        sessions: [{ refreshToken: 'r-in-array' }, [{ Secret: 's-in-nested-array' }]],
        headers: {
          Authorization: 'Bearer top-level-header',
          Cookie: '__Host-tasklane_refresh=cookie-value',
          'Set-Cookie': ['set-1', 'set-2'],
        },
        upstream: { response: { headers: { authorization: 'Bearer deep-header' } } },
        note: 'a password reset was requested',
        tokenExpiresAtMs: 1234,
      },
      'nested line',
    );
    const secrets = ['p4-deep', 't5-deeper', 'r-in-array', 's-in-nested-array', 'top-level-header', 'cookie-value', 'set-1', 'deep-header'];
    for (const secret of secrets) expect(lines.join('')).not.toContain(secret);
    expect(JSON.parse(lines.join(''))).toMatchObject({
      msg: 'nested line',
      a: { b: { c: { password: '[redacted]', d: { TOKEN: '[redacted]' } } } },
      sessions: [{ refreshToken: '[redacted]' }, [{ Secret: '[redacted]' }]],
      headers: { Authorization: '[redacted]', Cookie: '[redacted]', 'Set-Cookie': '[redacted]' },
      note: 'a password reset was requested',
      tokenExpiresAtMs: 1234,
    });
  });

  it('[LG1] redacts them in logged errors, their causes, aggregated errors and child-logger bindings', () => {
    const { lines, destination } = capture();
    const logger = createLogger('info', { destination });
    const failure = Object.assign(new Error('upstream failed'), {
      config: { headers: { Authorization: 'Bearer error-header' } },
      accessToken: 'error-token',
      cause: { request: { options: { auth: { password: 'cause-password' } } } },
    });
    const several = new AggregateError(
      [Object.assign(new Error('one failed'), { details: { refreshToken: 'aggregated-token' } })],
      'all failed',
    );
    const child = logger.child({ credentials: { user: { secret: 'binding-secret' } } });
    child.error({ err: failure, context: { failed: failure } }, 'boom');
    child.error({ err: several }, 'booms');
    const secrets = ['error-header', 'error-token', 'cause-password', 'aggregated-token', 'binding-secret'];
    for (const secret of secrets) expect(lines.join('')).not.toContain(secret);
    const [logged, aggregated] = lines.map((line): unknown => JSON.parse(line));
    expect(logged).toMatchObject({
      msg: 'boom',
      credentials: { user: { secret: '[redacted]' } },
      err: {
        type: 'Error',
        message: 'upstream failed',
        stack: expect.stringContaining('upstream failed'),
        accessToken: '[redacted]',
        config: { headers: { Authorization: '[redacted]' } },
        cause: { request: { options: { auth: { password: '[redacted]' } } } },
      },
      context: { failed: { accessToken: '[redacted]', config: { headers: { Authorization: '[redacted]' } } } },
    });
    expect(aggregated).toMatchObject({
      err: { aggregateErrors: [expect.objectContaining({ message: 'one failed', details: { refreshToken: '[redacted]' } })] },
    });
  });

  it('[LG1] redacts inside cyclic objects and objects nested past the depth it walks, without hanging', () => {
    const { lines, destination } = capture();
    const logger = createLogger('info', { destination });
    const cyclic: Record<string, unknown> = { inner: { token: 'cyclic-token' } };
    cyclic.self = cyclic;
    logger.info({ cyclic }, 'cyclic');
    let deep: Record<string, unknown> = { password: 'bottom-password', harmless: 'kept only above the bound' };
    for (let level = 0; level < 100; level += 1) deep = { level: deep };
    logger.info({ deep }, 'deep');
    expect(lines).toHaveLength(2);
    for (const secret of ['cyclic-token', 'bottom-password']) expect(lines.join('')).not.toContain(secret);
    expect(JSON.parse(lines[0]!).cyclic).toEqual({ inner: { token: '[redacted]' }, self: '[Circular]' });
    expect(JSON.parse(lines[1]!).msg).toBe('deep');
  });

  it('[LG2] with an error reporter, every error-level line with an err is reported once', () => {
    const { destination } = capture();
    const reported: unknown[] = [];
    const logger = createLogger('info', { destination, onError: (error) => reported.push(error) });
    const failure = new Error('store exploded');
    logger.error({ err: failure, context: 'push' }, 'unexpected error');
    logger.warn({ err: new Error('only a warning') }, 'warned');
    logger.error('no err attached');
    expect(reported).toEqual([failure]);
  });
});
