/**
 * Leading characters that make a spreadsheet (Excel, LibreOffice Calc, Google Sheets) read a cell as a formula:
 * OWASP's CSV injection list (`=`, `+`, `-`, `@`, tab, carriage return) and ASVS 1.2.10's NUL.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\0']);

/**
 * A trigger after a separator a spreadsheet may split on — `,`, `;` (the list separator of German or French Excel),
 * tab, or a line break — with any spaces or double quotes between. A reader that splits on another separator than
 * ours, or takes a quote in the middle of a cell literally, starts a cell there.
 */
const TRIGGER_AFTER_SEPARATOR = /([,;\t\r\n][ "]*)(?=[=+\-@\t\r\0])/g;

/**
 * One CSV field ([EX2], [EX3]): a value starting with a formula trigger gets a leading `'`, which spreadsheets
 * take as "this is text" (so `-5` shows as text too: the price of never running `=HYPERLINK(…)`), and so does every
 * trigger inside it that follows a separator (`x;=1+1` is written `x;'=1+1`). Then, as RFC 4180 §2.6–2.7 and OWASP
 * ask, the field is always enclosed in double quotes with every `"` doubled, so no comma, quote or line break in a
 * value can start another cell for a reader that splits as we do.
 */
export function csvCell(value: string): string {
  const inner = value.replace(TRIGGER_AFTER_SEPARATOR, "$1'");
  const neutral = FORMULA_TRIGGERS.has(inner.charAt(0)) ? `'${inner}` : inner;
  return `"${neutral.replace(/"/g, '""')}"`;
}

/** One CSV record, terminated by CRLF (RFC 4180 §2.1). */
export function csvRecord(values: readonly string[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
