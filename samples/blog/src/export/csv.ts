import type { ExportRow } from '../db/store';

export const CSV_HEADER = 'id,title,author,created_at,body\r\n';

/** One RFC 4180 field: quoted when it holds a quote, a comma or a line break, quotes doubled. */
function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(row: ExportRow): string {
  return `${field(row.id)},${field(row.title)},${field(row.author)},${field(row.createdAt)},${field(row.body)}\r\n`;
}
