/**
 * Formats rows as a GitHub-flavoured markdown table with padded columns, readable both raw in a
 * terminal and pasted into a note. The first column is left-aligned, the others right-aligned.
 *
 * @example
 * ```ts
 * markdownTable(['size', 'MB/s'], [['100', '52.1']]);
 * ```
 */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(3, header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${widths.map((width, column) => pad(cells[column] ?? '', width, column === 0)).join(' | ')} |`;
  const rule = `| ${widths.map((width, column) => (column === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

function pad(text: string, width: number, left: boolean): string {
  return left ? text.padEnd(width) : text.padStart(width);
}
