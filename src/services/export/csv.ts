import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null;

/** Characters a spreadsheet reads as the start of a formula (OWASP's list), so a cell starting with one is not left as is. */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * Neutralises a text cell a spreadsheet would run as a formula by prefixing an apostrophe. Numbers are written
 * as numbers (a negative one stays one); only text from outside (names, labels, ids) can carry a formula.
 */
export function safeCsvText(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

/**
 * An RFC 4180 document: a header line, then one record per row, CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line break (quotes doubled). null is an empty field.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const records = [
    header.map(safeCsvText),
    ...rows.map((row) => row.map((cell) => (typeof cell === 'string' ? safeCsvText(cell) : cell))),
  ];
  return stringify(records, {
    record_delimiter: 'windows',
    // csv-stringify quotes only the record delimiter itself (CRLF); RFC 4180 wants any CR or LF inside quotes.
    quoted_match: /[\r\n]/,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
}
