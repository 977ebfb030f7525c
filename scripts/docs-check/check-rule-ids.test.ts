import path from 'node:path';
import { checkRuleIds } from './check-rule-ids';
import { fixtureTree } from './fixture-tree';
import { formatProblem } from './problem';
import { readRepoTree } from './repo-tree';
import { findCommentCitations, findTestTitles } from './rule-ids';

/** This folder's own tests hold test titles and citations with made-up ids. */
const OWN_FOLDER = ['scripts/docs-check/'];

function fixture(files: Record<string, string>) {
  return checkRuleIds(fixtureTree(files), []).map(formatProblem);
}

describe('rule ids', () => {
  it('every rule a doc defines is named by a test, and every id a test, doc or comment cites is defined once', () => {
    const tree = readRepoTree(path.resolve(__dirname, '../..'));
    expect(checkRuleIds(tree, OWN_FOLDER).map(formatProblem)).toEqual([]);
  });
});

describe('the rule-id check', () => {
  const protocol = '- **[P1]** Pull pages.\n- **[W5]** Retries write nothing.\n';

  it('reports a rule that only a skipped test names, a test id and a doc citation that no doc defines, and a second definition', () => {
    const problems = fixture({
      'docs/protocol.md': protocol,
      'docs/client.md': 'Proven by `[S4]`.\n- **[P1]** again\n',
      'sync-server/test/push.test.ts': [
        "it('[W5] a retried push writes nothing', () => {});",
        "it('[Q9] made up', () => {});",
        "it.skip('[P1] skipped: a skipped test proves nothing', () => {});",
      ].join('\n'),
    });
    expect(problems).toEqual([
      'docs/protocol.md:1: [P1] is already defined at docs/client.md:2',
      'docs/client.md:1: [S4] is cited but no doc defines it',
      'sync-server/test/push.test.ts:2: test title names [Q9], which no doc defines',
      'docs/client.md:2: no test names [P1] in its title',
    ]);
  });

  it('holds code comments to the doc they name', () => {
    const problems = fixture({
      'docs/protocol.md': protocol,
      'docs/client.md': '- **[R1]** Offline edits sync.\n',
      'a.test.ts': "it('[P1] [W5] [R1] all', () => {});\n",
      'b.ts': '/** (docs/protocol.md [P1], [W5]) */\n// docs/client.md [W5]\n// [R9]\n',
    });
    expect(problems).toEqual([
      'b.ts:2: comment cites docs/client.md [W5], but [W5] is defined in docs/protocol.md',
      'b.ts:3: comment cites [R9], which no doc defines',
    ]);
  });

  it('reads titles of it, test, describe and their .each and .skip forms, over several lines', () => {
    const source = [
      "describe('[D1] owner', () => {",
      '  it.each([[1, (() => 2)()], [3, 4]])(',
      "    '[P4] [P1] seed %i', () => {});",
      '  test.skip(`[W2] skipped: ${count} rows wait for paging`, () => {});',
      "  expect(it('not a title'));",
      '});',
    ].join('\n');
    expect(findTestTitles(source).map(({ line, ids, skipped }) => ({ line, ids, skipped }))).toEqual([
      { line: 1, ids: ['D1'], skipped: false },
      { line: 2, ids: ['P4', 'P1'], skipped: false },
      { line: 4, ids: ['W2'], skipped: true },
      { line: 5, ids: [], skipped: false },
    ]);
  });

  it('finds ids only in comments, with the doc named right before them', () => {
    const source = "const rows = '[X1]';\n/**\n * The push rule (docs/protocol.md [W1]–[W4]); see [CC1].\n */\n";
    expect(findCommentCitations(source)).toEqual([
      { id: 'W1', line: 3, doc: 'docs/protocol.md' },
      { id: 'W4', line: 3, doc: 'docs/protocol.md' },
      { id: 'CC1', line: 3 },
    ]);
  });
});
