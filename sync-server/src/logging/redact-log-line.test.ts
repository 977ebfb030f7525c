import { redactLogLine } from './redact-log-line';

describe('redactLogLine', () => {
  it('returns a line without an unredacted sensitive field as it is, without parsing it', () => {
    const untouched = [
      '{"level":30,"msg":"a password reset was requested",  "tokenExpiresAtMs": 1e3}\n',
      '{"level":30,"password":"[redacted]","nested":{"Token":"[redacted]"}}\n',
      '{"level":30,"msg":"the body said \\"password\\":\\"p\\""}\n',
      'not JSON at all, and no sensitive key\n',
    ];
    for (const line of untouched) expect(redactLogLine(line)).toBe(line);
  });

  it('[LG1] censors every sensitive field of any case at any depth, keeping the rest of the line', () => {
    const line = '{"level":30,"a":[{"b":{"PassWord":"p","keep":1}}],"set-cookie":["c"],"msg":"m"}\n';
    expect(redactLogLine(line)).toBe('{"level":30,"a":[{"b":{"PassWord":"[redacted]","keep":1}}],"set-cookie":"[redacted]","msg":"m"}\n');
  });

  it('[LG1] withholds a line it cannot parse rather than write a secret', () => {
    const withheld = redactLogLine('{"level":30,"token":"t" broken\n');
    expect(withheld).not.toContain('"t"');
    expect(JSON.parse(withheld)).toMatchObject({ level: 50, msg: expect.stringContaining('withheld') });
  });
});
