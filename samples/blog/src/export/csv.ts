import type { ExportRow } from '../db/store';

export const CSV_HEADER = 'id,title,author_id,created_at,body\r\n';

/**
 * One RFC 4180 field: quoted when it holds a quote, a comma or a line break, quotes doubled. A text
 * that a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+`, `-`, `@`, a tab or a CR first)
 * gets a leading `'`, which shows it as text (OWASP's advice against CSV injection).
 */
function field(value: string | number): string {
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(row: ExportRow): string {
  return `${field(row.id)},${field(row.title)},${field(row.authorId)},${field(row.createdAt)},${field(row.body)}\r\n`;
}
