import path from 'node:path';
import { checkDocCitationsInSource, checkDocReferences, listDocs } from './check-doc-references';
import { fixtureTree } from './fixture-tree';
import { formatProblem } from './problem';
import { readRepoTree } from './repo-tree';
import { collectCodeWords } from './source-names';

/** This folder's own tests spell out broken references on purpose. */
const OWN_FOLDER = ['scripts/docs-check/'];

function fixture(files: Record<string, string>) {
  const tree = fixtureTree(files);
  return checkDocReferences(tree, listDocs(tree), collectCodeWords(tree, [])).map(formatProblem);
}

describe('doc references', () => {
  const tree = readRepoTree(path.resolve(__dirname, '../..'));

  it('every file, folder and code name that README.md and docs/*.md mention exists', () => {
    expect(checkDocReferences(tree, listDocs(tree), collectCodeWords(tree, OWN_FOLDER)).map(formatProblem)).toEqual([]);
  });

  it('every docs/*.md that code names exists, and nothing cites DESIGN.md', () => {
    expect(checkDocCitationsInSource(tree, OWN_FOLDER).map(formatProblem)).toEqual([]);
  });
});

describe('the doc-reference check', () => {
  const source = {
    'shared/src/sync/merge-task.ts': "export function mergeTask() {}\nexport const LIMIT = 'PAYLOAD_TOO_LARGE';\n// oldName\n",
    'sync-server/src/store/sqlite/search-indexer.ts': '',
    'docs/protocol.md': '',
    '.gitignore': 'dist/\ntest-artifacts/\n',
  };
  /** What the check reports about `doc`, made of `lines`, in a tree of the files above. */
  const problemsIn = (doc: string, lines: string[]) => fixture({ ...source, [doc]: lines.join('\n') });

  it('reports a moved file, whether in backticks, a link, prose or a code block, with doc and line', () => {
    const problems = problemsIn('docs/a.md', [
      'See `sync-server/src/store/search-indexer.ts` and [the spec](protocol.md).',
      'Moved: [old](./old.md), docs/gone.md and `search-indexer.ts`.',
      '```',
      'node client/chaos/dist/fuzz.js',
      '```',
    ]);
    expect(problems).toEqual([
      'docs/a.md:1: no such file or folder: sync-server/src/store/search-indexer.ts',
      'docs/a.md:2: no such file or folder: ./old.md',
      'docs/a.md:2: no such file or folder: docs/gone.md',
      'docs/a.md:4: no such folder to write into: client/chaos/dist/fuzz.js',
    ]);
  });

  it('resolves bare names and partial paths anywhere in the tree, globs by matching, placeholders by their folder', () => {
    const problems = problemsIn('README.md', [
      '`search-indexer.ts`, `store/sqlite/`, `src/sync/merge-task.ts`, `shared/src/**/*.ts`, `@tasklane/shared/sync/merge-task`',
      '`sync-server/dist/main.js`, `test-artifacts/`, `shared/src/<name>.ts`, `DATA_DIR/dev-secrets.json`',
      '`shared/src/**/*.tsx`, `@tasklane/shared/sync/gone`',
    ]);
    expect(problems).toEqual([
      'README.md:3: no such file or folder: shared/src/**/*.tsx',
      'README.md:3: no such file or folder: @tasklane/shared/sync/gone',
    ]);
  });

  it('reports a code name that nothing in the code spells, but not one that only a comment mentions', () => {
    const problems = problemsIn('docs/a.md', [
      '`mergeTask`, `LIMIT`, `PAYLOAD_TOO_LARGE`, `mergeTasks()`, `oldName`, `isEqual = mergeTask`, `seq`, `Store.kind`',
    ]);
    expect(problems).toEqual([
      'docs/a.md:1: no code, configuration or deployment file has the name: mergeTasks',
      'docs/a.md:1: no code, configuration or deployment file has the name: oldName',
      'docs/a.md:1: no code, configuration or deployment file has the name: isEqual',
      'docs/a.md:1: no code, configuration or deployment file has the name: Store',
    ]);
  });

  it('leaves HTTP paths, URLs, env-var values, units and commands alone', () => {
    const problems = problemsIn('docs/a.md', [
      '`GET /api/tasks/:id`, <http://localhost:3000>, `mongodb://mongo:27017/tasklane`,',
      '8,000 docs/s, and/or, `npm run fuzz -- --seed 7`',
    ]);
    expect(problems).toEqual([]);
  });

  it('reports a docs/*.md path in code that does not exist, and a citation of DESIGN.md in code or docs', () => {
    const files: Record<string, string> = {
      'docs/protocol.md': 'This refines DESIGN §4.\n',
      'a.ts': '// (docs/protocol.md [P1]); see docs/design.md\n/** The sync socket of DESIGN §3. */\n',
    };
    const tree = fixtureTree(files);
    expect(checkDocCitationsInSource(tree, []).map(formatProblem)).toEqual([
      'a.ts:1: no such doc: docs/design.md',
      'a.ts:2: cites DESIGN.md, which is not in the repository: cite the rule id in docs/ instead',
    ]);
    expect(checkDocReferences(tree, listDocs(tree), new Set()).map(formatProblem)).toEqual([
      'docs/protocol.md:1: cites DESIGN.md, which is not in the repository: cite the rule id in docs/ instead',
    ]);
  });
});
