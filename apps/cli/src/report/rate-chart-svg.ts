import { bottomAxis, leftAxis, legend, linearScale, niceTicks, type PlotArea, ticksFromZero } from './chart-axes.js';
import { chartFrame } from './chart-frame.js';
import type { RecordingStatistics } from './recording-statistics.js';
import { element, populationColour, px } from './svg-markup.js';

/** Population rates over time: one line per population (the file's rate bins, averaged in groups). */
export function rateChartSvg(stats: RecordingStatistics, options: { title: string; width?: number; height?: number }): string {
  const width = options.width ?? 960;
  const height = options.height ?? 290;
  const area: PlotArea = { left: 90, top: 44, width: width - 110, height: height - 44 - 48 };
  let maxRate = 0;
  for (const p of stats.populations) for (const r of p.rate.rateHz) maxRate = Math.max(maxRate, r);
  const yTicks = ticksFromZero(maxRate, 5);
  const yMax = yTicks.at(-1) as number;
  const x = linearScale([stats.startMs, stats.endMs], [area.left, area.left + area.width]);
  const y = linearScale([0, yMax], [area.top + area.height, area.top]);
  const lines = stats.populations.map((p, index) =>
    element('polyline', {
      class: 'rate-line',
      points: p.rate.timesMs.map((t, k) => `${px(x(t + p.rate.binMs / 2))},${px(y(p.rate.rateHz[k] as number))}`).join(' '),
      fill: 'none',
      stroke: populationColour(index),
      'stroke-width': 1.4,
      'stroke-linejoin': 'round',
      'data-population': p.name,
      'data-points': p.rate.timesMs.length,
    }),
  );
  return chartFrame(
    { width, height, title: options.title, kind: 'rates' },
    leftAxis(area, yTicks, y, 'rate (Hz)'),
    ...lines,
    bottomAxis(area, niceTicks(stats.startMs, stats.endMs, 8), x, 'time (ms)'),
    legend(
      area,
      stats.populations.map((p, index) => ({ label: `${p.name} (bins of ${+p.rate.binMs.toFixed(3)} ms)`, colour: populationColour(index) })),
    ),
  );
}
