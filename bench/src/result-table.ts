export type BenchRow = {
  scenario: string;
  tasklane: string;
  peer: string;
  /** Tasklane ÷ peer, oriented so that > 1 means Tasklane is better; null where the peer has no equivalent. */
  ratio: number | null;
  /** The target for this figure, e.g. `≥ 1.0× peer` or `p99 ≤ 5 ms`; absent where there is none. */
  target?: string;
  /** Whether this run met `target`. */
  met?: boolean;
  detail: string;
};

/** A target and whether `value` met it, for a row. */
export function atMost(value: number, limit: number, target: string): Pick<BenchRow, 'target' | 'met'> {
  return { target, met: value <= limit };
}

export function atLeast(value: number, limit: number, target: string): Pick<BenchRow, 'target' | 'met'> {
  return { target, met: value >= limit };
}

export function printTable(rows: BenchRow[]): void {
  const header = ['scenario', 'Tasklane', 'RxDB ws peer', 'Tasklane ÷ peer', 'target', 'met', 'detail'];
  const lines = rows.map((row) => [
    row.scenario,
    row.tasklane,
    row.peer,
    row.ratio === null ? 'n/a' : `${row.ratio.toFixed(2)}×`,
    row.target ?? '',
    row.met === undefined ? '' : row.met ? 'met' : 'NOT met',
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

export function median(samples: number[]): number {
  return percentile(samples, 50);
}
