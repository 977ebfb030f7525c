export type BenchRow = {
  scenario: string;
  tasklane: string;
  peer: string;
  /** Tasklane ÷ peer, oriented so that > 1 means Tasklane is better; null where the peer has no equivalent. */
  ratio: number | null;
  detail: string;
};

export function printTable(rows: BenchRow[]): void {
  const header = ['scenario', 'Tasklane', 'RxDB ws peer', 'Tasklane ÷ peer', 'detail'];
  const lines = rows.map((row) => [
    row.scenario,
    row.tasklane,
    row.peer,
    row.ratio === null ? 'n/a' : `${row.ratio.toFixed(2)}×`,
    row.detail,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log(format(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const line of lines) console.log(format(line));
}

export function formatRate(docsPerSecond: number): string {
  return `${Math.round(docsPerSecond).toLocaleString('en-US')} docs/s`;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
