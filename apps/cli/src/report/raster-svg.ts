import { bottomAxis, linearScale, niceTicks, type PlotArea } from './chart-axes.js';
import { chartFrame } from './chart-frame.js';
import type { RecordingStatistics } from './recording-statistics.js';
import { element, populationColour, px, text } from './svg-markup.js';

/**
 * The spike raster: one row per shown neuron, populations in bands from the top, one mark per spike
 * (a path per population, `M x y h w` per spike, so 50,000 spikes stay a few hundred kB).
 */
export function rasterSvg(stats: RecordingStatistics, options: { title: string; standalone?: boolean; width?: number; height?: number }): string {
  const width = options.width ?? 960;
  const height = options.height ?? 470;
  const area: PlotArea = { left: 90, top: 34, width: width - 110, height: height - 34 - 48 };
  const { fromMs, toMs } = stats.raster;
  const x = linearScale([fromMs, toMs], [area.left, area.left + area.width]);
  const totalRows = stats.populations.reduce((n, p) => n + p.rows.length, 0);
  const rowHeight = area.height / Math.max(1, totalRows);
  const markWidth = Math.max(1.2, (area.width / Math.max(toMs - fromMs, stats.dt)) * stats.dt);
  const parts: string[] = [element('rect', { x: area.left, y: area.top, width: area.width, height: area.height, class: 'plot-background', fill: '#fafafa' })];
  let offset = 0;
  stats.populations.forEach((p, index) => {
    const colour = populationColour(index);
    const bandTop = area.top + offset * rowHeight;
    const bandHeight = p.rows.length * rowHeight;
    let d = '';
    for (let k = 0; k < p.raster.timesMs.length; k++) {
      const y = area.top + (offset + (p.raster.rows[k] as number) + 0.5) * rowHeight;
      d += `M${px(x(p.raster.timesMs[k] as number))} ${px(y)}h${px(markWidth)}`;
    }
    parts.push(
      element('path', {
        class: 'spikes',
        d: d || 'M0 0',
        stroke: colour,
        'stroke-width': Math.max(1, Math.min(rowHeight * 0.85, 4)),
        fill: 'none',
        'data-population': p.name,
        'data-spikes': p.raster.timesMs.length,
        'data-rows': p.rows.length,
      }),
    );
    if (offset > 0) parts.push(element('line', { x1: area.left, y1: bandTop, x2: area.left + area.width, y2: bandTop, class: 'grid' }));
    parts.push(
      text(area.left - 8, bandTop + bandHeight / 2 + 4, p.name, { 'text-anchor': 'end', class: 'band-label', fill: colour }),
      text(area.left - 8, bandTop + bandHeight / 2 + 17, `${p.rows.length} of ${p.size}`, { 'text-anchor': 'end', class: 'note' }),
    );
    offset += p.rows.length;
  });
  parts.push(element('rect', { x: area.left, y: area.top, width: area.width, height: area.height, fill: 'none', class: 'axis' }));
  parts.push(bottomAxis(area, niceTicks(fromMs, toMs, 8), x, 'time (ms)'));
  return chartFrame({ width, height, title: options.title, kind: 'raster', ...(options.standalone ? { standalone: true } : {}) }, ...parts);
}
