/** Renders rows as an aligned text table (first row is the header). */
export function formatTable(rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = cells[0]!.map((_, k) => Math.max(...cells.map((r) => (r[k] ?? '').length)));
  const line = (r: string[]) => r.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Coefficient of variation of inter-spike intervals, averaged over neurons with ≥ 3 spikes. */
export function meanIsiCv(times: Float64Array, ids: Uint32Array): number {
  const byNeuron = new Map<number, number[]>();
  for (let k = 0; k < ids.length; k++) {
    const list = byNeuron.get(ids[k] as number);
    if (list) list.push(times[k] as number);
    else byNeuron.set(ids[k] as number, [times[k] as number]);
  }
  let sum = 0;
  let n = 0;
  for (const t of byNeuron.values()) {
    if (t.length < 3) continue;
    const isi = t.slice(1).map((x, k) => x - (t[k] as number));
    const mean = isi.reduce((a, b) => a + b, 0) / isi.length;
    const sd = Math.sqrt(isi.reduce((a, b) => a + (b - mean) ** 2, 0) / (isi.length - 1));
    if (mean > 0) {
      sum += sd / mean;
      n++;
    }
  }
  return n > 0 ? sum / n : Number.NaN;
}
