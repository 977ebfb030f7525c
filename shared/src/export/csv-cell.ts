/**
 * Leading characters that make a spreadsheet (Excel, LibreOffice Calc, Google Sheets) read a cell as a formula:
 * OWASP's CSV injection list (`=`, `+`, `-`, `@`, tab, carriage return) and ASVS 1.2.10's NUL.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\0']);

/**
 * One CSV field ([EX2], [EX3]): a value starting with a formula trigger gets a leading `'`, which spreadsheets
 * take as "this is text" (so `-5` shows as text too: the price of never running `=HYPERLINK(…)`). Then, as
 * RFC 4180 §2.6–2.7 and OWASP ask, the field is always enclosed in double quotes with every `"` doubled, so no
 * comma, quote or line break in a value can start another cell.
 */
export function csvCell(value: string): string {
  const neutral = FORMULA_TRIGGERS.has(value.charAt(0)) ? `'${value}` : value;
  return `"${neutral.replace(/"/g, '""')}"`;
}

/** One CSV record, terminated by CRLF (RFC 4180 §2.1). */
export function csvRecord(values: readonly string[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
