import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const DIST = path.resolve(__dirname, '../dist');
const ROOT_VERSION = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;

/** The production bundle (built by `npm run build` before jest in `npm test`). */
function builtJavaScript(): { name: string; text: string }[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js')) files.push(full);
    }
  };
  walk(DIST);
  return files.map((file) => ({ name: path.relative(DIST, file), text: fs.readFileSync(file, 'utf8') }));
}

describe('browser bundle contents', () => {
  it('[B1] holds no zod, no RxDB dev-mode and no ajv: the server validates, the schema is computed at build time', () => {
    if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error('client/dist is missing: run `npm run build` first (npm test does)');
    const bundle = builtJavaScript();
    expect(bundle.length).toBeGreaterThan(1);
    const offenders = bundle
      .filter(({ text }) => /ZodError|\$ZodType|RxDB dev-mode warning|DVM1|ajv\.js\.org/.test(text))
      .map(({ name }) => name);
    expect(offenders).toEqual([]);
  });

  it("[B3] the first screen's About line names the root package.json version", () => {
    const main = builtJavaScript().find(({ name }) => /^assets\/main\.[^/]+\.js$/.test(name));
    expect(main?.text).toContain(`Tasklane ${ROOT_VERSION}`);
  });

  it('[B2] the JavaScript budgets hold (npm run size: first screen <= 100 KB, all <= 200 KB gzipped)', () => {
    const report = spawnSync(process.execPath, [path.resolve(__dirname, 'size-report.cjs')], { encoding: 'utf8' });
    expect(report.stderr).not.toContain('OVER BUDGET');
    expect(report.stdout).toContain('within budget');
    expect(report.status).toBe(0);
  });
});
