import fs from 'node:fs';
import path from 'node:path';
import { realisticHistory } from './support/realistic-history';
import { evaluateSuggestions, reportTable } from './support/suggestion-evaluation';

const DOC = path.join(__dirname, '../../docs/suggestions.md');
const BEGIN = '<!-- suggestion-report:begin -->';
const END = '<!-- suggestion-report:end -->';

describe('task suggestions, measured on a generated year of one person', () => {
  const report = evaluateSuggestions(realisticHistory(2_000, 20261129));

  it('[SG3] the list, tag, priority and due suggestions beat always suggesting the most frequent value, and are right more often when shown', () => {
    expect(report.list.rightAlwaysAnswering).toBeGreaterThan(report.list.baseline + 0.3);
    expect(report.list.rightWhenShown).toBeGreaterThan(report.list.rightAlwaysAnswering);
    expect(report.priority.rightAlwaysAnswering).toBeGreaterThan(report.priority.baseline);
    expect(report.due.rightAlwaysAnswering).toBeGreaterThan(report.due.baseline);
    expect(report.tags.precision).toBeGreaterThan(report.tags.baselinePrecision);
    expect(report.tags.recall).toBeGreaterThan(report.tags.baselineRecall);
  });

  it('[SG3] docs/suggestions.md holds the report of this very run (UPDATE_SUGGESTION_REPORT=1 rewrites it)', () => {
    const table = reportTable(report);
    const doc = fs.readFileSync(DOC, 'utf8');
    const [before, rest] = doc.split(BEGIN);
    const after = rest?.split(END)[1];
    if (before === undefined || after === undefined) throw new Error(`${DOC} lacks the ${BEGIN} … ${END} markers`);
    const expected = `${before}${BEGIN}\n${table}\n${END}${after}`;
    if (process.env.UPDATE_SUGGESTION_REPORT === '1') return fs.writeFileSync(DOC, expected);
    expect(doc).toBe(expected);
  });
});
