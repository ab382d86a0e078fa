import { randomUUID } from 'node:crypto';
import { RECORD_IMPORT_LIMITS, RECORDS_FILE_FORMAT, RECORDS_FILE_VERSION, type RecordsWrite, type StoredRecord } from '../../../shared/api/collections.js';
import { HttpError } from '../../http/errors.js';
import { checkJsonShape } from '../workspace-io/shape.js';
import { cellValue, CsvProblem, parseCsv } from './csv.js';

/** How many issues an error lists before it says "and N more". */
const MAX_LISTED_ISSUES = 50;

type Issue = { path: string; message: string };

const invalid = (code: string, message: string, details?: unknown): HttpError => new HttpError(422, code, `${message}; nothing was imported`, details);

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A record as stored: a plain object with a string id, generated when it has none. Answers the problem instead when it is not one. */
export function recordOf(value: unknown): StoredRecord | string {
  if (!isPlainObject(value)) return `a record must be a JSON object, not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`;
  const { id } = value;
  if (id === undefined || id === null) return { ...value, id: randomUUID() };
  if (typeof id === 'number' && Number.isFinite(id)) return { ...value, id: String(id) };
  if (typeof id !== 'string') return `"id" must be a string or a number, not ${Array.isArray(id) ? 'an array' : typeof id}`;
  if (id.length === 0 || id.length > RECORD_IMPORT_LIMITS.idChars) return `"id" must be 1 to ${RECORD_IMPORT_LIMITS.idChars} characters`;
  return { ...value, id } as StoredRecord;
}

/**
 * The records of a bulk write, checked in full before anything is written: the body's shape within
 * the workspace import's limits, every record an object with a usable id, no id twice.
 */
export function recordsOf(body: Exclude<RecordsWrite, { record: unknown }>): StoredRecord[] {
  const raw = 'csv' in body ? csvRecords(body.csv) : 'file' in body ? fileRecords(body.file) : body.records;
  if (raw.length > RECORD_IMPORT_LIMITS.records) {
    throw invalid('import_limit_exceeded', `The import holds ${raw.length.toLocaleString('en')} records; one import takes at most ${RECORD_IMPORT_LIMITS.records.toLocaleString('en')}`);
  }
  const issues: Issue[] = [];
  const records: StoredRecord[] = [];
  const seen = new Set<string>();
  raw.forEach((value, index) => {
    const record = recordOf(value);
    if (typeof record === 'string') return issues.push({ path: `records.${index}`, message: record });
    if (seen.has(record.id)) return issues.push({ path: `records.${index}`, message: `the id "${record.id}" appears twice` });
    seen.add(record.id);
    records.push(record);
  });
  if (issues.length > 0) {
    const shown = issues.slice(0, 3).map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    throw invalid('invalid_records', `The import is not valid: ${shown}${issues.length > 3 ? `; and ${issues.length - 3} more` : ''}`, issues.slice(0, MAX_LISTED_ISSUES));
  }
  return records;
}

/** Before zod or anything recursive looks at a body: the same depth and value limits as a workspace import. */
export const checkBodyShape = (body: unknown): void => checkJsonShape(body);

function fileRecords(file: unknown): unknown[] {
  if (Array.isArray(file)) return file;
  if (!isPlainObject(file) || file.format !== RECORDS_FILE_FORMAT) {
    throw invalid('not_a_records_file', `This is not a Flowgate records file: it needs "format": "${RECORDS_FILE_FORMAT}" (or send the records as an array)`);
  }
  if (file.version !== RECORDS_FILE_VERSION) {
    throw invalid('unsupported_file_version', `The file's "version" is ${JSON.stringify(file.version)}; this Flowgate reads version ${RECORDS_FILE_VERSION}`);
  }
  if (!Array.isArray(file.records)) throw invalid('invalid_records', 'The file has no "records" array');
  return file.records;
}

function csvRecords(text: string): unknown[] {
  let rows: string[][];
  try {
    rows = parseCsv(text, { maxRows: RECORD_IMPORT_LIMITS.records, maxColumns: RECORD_IMPORT_LIMITS.csvColumns });
  } catch (error) {
    if (error instanceof CsvProblem) throw invalid('invalid_csv', `The CSV cannot be read: ${error.message}`, { line: error.line });
    throw error;
  }
  const [header, ...lines] = rows;
  if (!header) throw invalid('invalid_csv', 'The CSV is empty: it needs a header line naming the fields');
  const names = new Set<string>();
  header.forEach((name, column) => {
    if (name.trim() === '') throw invalid('invalid_csv', `The CSV header's column ${column + 1} has no name`);
    if (names.has(name)) throw invalid('invalid_csv', `The CSV header names "${name}" twice`);
    names.add(name);
  });
  return lines.map((cells, index) => {
    if (cells.length !== header.length) {
      throw invalid('invalid_csv', `The CSV cannot be read: line ${index + 2} has ${cells.length} cells, the header ${header.length}`, { line: index + 2 });
    }
    // fromEntries defines fields as data, so a "__proto__" column stays a field.
    return Object.fromEntries(header.flatMap((name, column) => {
      const value = cellValue(cells[column]!);
      return value === undefined ? [] : [[name, value]];
    }));
  });
}
