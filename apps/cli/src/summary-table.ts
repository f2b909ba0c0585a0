/**
 * Renders rows as an aligned text table (first row is the header). Columns are right-aligned (numbers)
 * but the first, unless `align` says otherwise.
 */
export function formatTable(rows: Array<Array<string | number>>, align?: Array<'left' | 'right'>): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = cells[0]!.map((_, k) => Math.max(...cells.map((r) => (r[k] ?? '').length)));
  const isLeft = (k: number) => (align?.[k] ?? (k === 0 ? 'left' : 'right')) === 'left';
  const line = (r: string[]) =>
    r
      .map((c, k) => (isLeft(k) ? c.padEnd(widths[k]!) : c.padStart(widths[k]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
