import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { readOrCreateFileOnce } from './create-file-once';

describe('a DATA_DIR file created once', () => {
  const temp = makeTempDir('create-once');
  afterAll(() => temp.remove());

  it('[NT27] creates the file whole (mode 0600) and later calls read it without creating again', () => {
    const file = path.join(temp.dir, 'first.json');
    expect(readOrCreateFileOnce(file, () => '{"a":1}')).toBe('{"a":1}');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readOrCreateFileOnce(file, () => 'never used')).toBe('{"a":1}');
    expect(fs.readdirSync(temp.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('[NT27] when another process puts its file in place first, the winner is read and this one is dropped', () => {
    const file = path.join(temp.dir, 'raced.json');
    const result = readOrCreateFileOnce(file, () => {
      // the other process links its whole file while this one is still writing its own
      fs.writeFileSync(file, '{"winner":true}');
      return '{"winner":false}';
    });
    expect(result).toBe('{"winner":true}');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"winner":true}');
    expect(fs.readdirSync(temp.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
