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
  it('[LG1] redacts passwords, tokens, secrets and auth headers wherever they appear', () => {
    const { lines, destination } = capture();
    const logger = createLogger('info', { destination });
    logger.info(
      {
        password: 'hunter2-hunter2',
        body: { refreshToken: 'r.t.x', accessToken: 'a.t.x' },
        req: { headers: { authorization: 'Bearer a.t.x', cookie: 'tasklane_refresh=r.t.x' } },
        secret: 's3cr3t',
      },
      'careless line',
    );
    const line = lines.join('');
    for (const secret of ['hunter2-hunter2', 'r.t.x', 'a.t.x', 's3cr3t']) expect(line).not.toContain(secret);
    expect(line).toContain('careless line');
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
