import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from './config-variables';

/** The variable names in the first column of README's configuration table. */
function readmeVariableNames(readme: string): string[] {
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1] ?? ''));
}

describe('README configuration table', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

  it('lists exactly the variables the server reads, once each', () => {
    const documented = readmeVariableNames(readme);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual(CONFIG_VARIABLES.map((variable) => variable.name).sort());
  });

  it('the table parser finds a known row (so the check above cannot pass on an empty table)', () => {
    expect(readmeVariableNames(readme)).toContain('PORT');
    expect(readmeVariableNames('## Configuration\n| variable |\n|---|\n| `A_B`, `C` | x |\n## Next\n| `D` |')).toEqual(['A_B', 'C']);
  });
});
