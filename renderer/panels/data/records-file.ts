import { RECORD_IMPORT_LIMITS, type RecordsWrite } from '../../../shared/api/collections.js';

export type ImportFile = { name: string; format: 'json' | 'csv'; body: Exclude<RecordsWrite, { record: unknown }>; records: number | null };

/** The body of an import from a picked file: CSV by its extension or content, else JSON (an array or an exported file). */
export async function readImportFile(file: File): Promise<ImportFile> {
  if (file.size > RECORD_IMPORT_LIMITS.csvBytes) {
    throw new Error(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; one import takes at most ${RECORD_IMPORT_LIMITS.csvBytes / 1024 / 1024} MB. Split it up.`);
  }
  const text = await file.text();
  const looksJson = /^\s*[[{]/.test(text);
  if (file.name.toLowerCase().endsWith('.csv') || !looksJson) {
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '').length;
    return { name: file.name, format: 'csv', body: { csv: text, onConflict: 'fail' }, records: Math.max(0, lines - 1) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file.name} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (Array.isArray(parsed)) return { name: file.name, format: 'json', body: { records: parsed, onConflict: 'fail' }, records: parsed.length };
  const records = typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { records?: unknown }).records) ? (parsed as { records: unknown[] }).records.length : null;
  return { name: file.name, format: 'json', body: { file: parsed, onConflict: 'fail' }, records };
}

/** Saves an export through the browser's download. */
export function download(content: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
