/**
 * CSV for the store browser (RFC 4180: commas, double quotes doubled inside quoted cells, CRLF or LF).
 * A cell holds text; on import one that reads as a JSON number, boolean, null, object, array or
 * quoted string becomes that value, an empty cell leaves the field out. On export a string that
 * would read back as something else is written as a JSON string, so an export imports unchanged.
 */

export class CsvProblem extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`Line ${line}: ${message}`);
    this.name = 'CsvProblem';
  }
}

export type CsvLimits = { maxRows: number; maxColumns: number };

/** Splits CSV text into rows of cells, refusing more rows or columns than the limits allow. */
export function parseCsv(text: string, limits: CsvLimits): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark from spreadsheet exports
  const endCell = (): void => {
    row.push(cell);
    cell = '';
    if (row.length > limits.maxColumns) throw new CsvProblem(`more than ${limits.maxColumns} columns`, line);
  };
  const endRow = (): void => {
    endCell();
    if (!(row.length === 1 && row[0] === '')) rows.push(row); // blank lines
    row = [];
    if (rows.length > limits.maxRows + 1) throw new CsvProblem(`more than ${limits.maxRows.toLocaleString('en')} records`, line);
  };
  for (; at < text.length; at++) {
    const char = text[at]!;
    if (quoted) {
      if (char === '"' && text[at + 1] === '"') {
        cell += '"';
        at++;
      } else if (char === '"') {
        quoted = false;
        const next = text[at + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') throw new CsvProblem('a quoted cell must end at a comma or the end of the line', line);
      } else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"') {
      if (cell !== '') throw new CsvProblem('a quote may only start a cell', line);
      quoted = true;
    } else if (char === ',') {
      endCell();
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[at + 1] === '\n') at++;
      endRow();
      line++;
    } else {
      cell += char;
    }
  }
  if (quoted) throw new CsvProblem('a quoted cell is not closed', line);
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

const LOOKS_LIKE_JSON = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[[{"].*)$/s;

/** The value a cell stands for; undefined for an empty cell (the field is left out). */
export function cellValue(cell: string): unknown {
  if (cell === '') return undefined;
  if (!LOOKS_LIKE_JSON.test(cell)) return cell;
  try {
    return JSON.parse(cell) as unknown;
  } catch {
    return cell;
  }
}

/** A value as a cell's text: strings as they are unless they would read back as another value. */
export function cellText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value === '' || cellValue(value) !== value ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

const quote = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** A header of the given fields, then one line per record. */
export function toCsv(fields: readonly string[], records: Iterable<Record<string, unknown>>): string {
  const lines = [fields.map(quote).join(',')];
  for (const record of records) lines.push(fields.map((field) => quote(cellText(Object.hasOwn(record, field) ? record[field] : undefined))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
