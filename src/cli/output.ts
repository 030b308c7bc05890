import type { Settings } from './settings.ts';

/** Rows of cells under headers: what text and markdown output print. */
export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export type Format = Settings['output'];

/**
 * A compliance verdict in words, never by colour or symbol alone (a screen reader, a log file and a
 * grep all see the word); markdown adds an icon and bold for the failing case.
 */
export function verdict(compliant: boolean, format: Format): string {
  if (format !== 'markdown') return compliant ? 'compliant' : 'NOT compliant';
  return compliant ? '✅ compliant' : '❌ **NOT compliant**';
}

// GitHub-flavoured markdown tables: a pipe inside a cell must be escaped and a cell is one line.
const markdownCell = (cell: string) =>
  cell.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(/\r?\n/g, ' ');

/** The table as aligned text columns, or as a GitHub-flavoured markdown table. */
/** Reasons in one line: "a; b". A reason's own full stop is dropped, so none reads ".;". */
export function joinReasons(reasons: readonly string[]): string {
  return reasons.map((r) => r.replace(/\.$/, '')).join('; ');
}

export function renderTable(table: Table, format: 'text' | 'markdown'): string {
  if (format === 'markdown') {
    const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |\n`;
    return line(table.headers) + line(table.headers.map(() => '---')) + table.rows.map(line).join('');
  }
  const widths = table.headers.map((header, i) =>
    Math.max(header.length, ...table.rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `${cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()}\n`;
  return line(table.headers.map((h) => h.toUpperCase())) + table.rows.map(line).join('');
}

/**
 * Writes a command's result to stdout: `json` as given, else `title` (a heading in markdown), the
 * `notes` as a list, then `table` if there is one (or `empty` when it has no rows).
 */
export function emit(
  format: Format,
  result: { json: unknown; table?: Table; title?: string; notes?: readonly string[]; empty?: string },
): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(result.json, null, 2)}\n`);
    return;
  }
  const title =
    result.title === undefined ? '' : format === 'markdown' ? `### ${result.title}\n\n` : `${result.title}\n`;
  const { table } = result;
  const body =
    table === undefined
      ? ''
      : table.rows.length === 0 && result.empty !== undefined
        ? `${result.empty}\n`
        : renderTable(table, format);
  const notes = (result.notes ?? []).map((note) => (format === 'markdown' ? `- ${note}\n` : `  ${note}\n`));
  process.stdout.write(title + notes.join('') + (notes.length > 0 && body !== '' ? '\n' : '') + body);
}
