import { bottomAxis, leftAxis, legend, linearScale, logScale, logTicks, niceTicks, type PlotArea, ticksFromZero } from './chart-axes.js';
import { chartFrame } from './chart-frame.js';
import type { Histogram } from './recording-statistics.js';
import { element, populationColour } from './svg-markup.js';

/** One histogram per population, overlaid and translucent; bars carry their counts (`data-count`). */
export function histogramSvg(
  histograms: Array<{ population: string; histogram: Histogram }>,
  options: { title: string; xTitle: string; yTitle: string; kind: string; logX?: boolean; width?: number; height?: number },
): string {
  const width = options.width ?? 470;
  const height = options.height ?? 290;
  const area: PlotArea = { left: 70, top: 44, width: width - 90, height: height - 44 - 48 };
  const edges = histograms[0]?.histogram.edges ?? [0, 1];
  const lo = edges[0] as number;
  const hi = edges.at(-1) as number;
  let maxCount = 0;
  for (const h of histograms) for (const c of h.histogram.counts) maxCount = Math.max(maxCount, c);
  const yTicks = ticksFromZero(Math.max(1, maxCount), 4);
  const y = linearScale([0, yTicks.at(-1) as number], [area.top + area.height, area.top]);
  const domain: [number, number] = [lo, hi];
  const range: [number, number] = [area.left, area.left + area.width];
  const x = options.logX ? logScale(domain, range) : linearScale(domain, range);
  const bars = histograms.map((h, index) =>
    element(
      'g',
      { class: 'bars', 'data-population': h.population, fill: populationColour(index), 'fill-opacity': 0.55 },
      ...h.histogram.counts.map((count, k) => {
        const x0 = x(h.histogram.edges[k] as number);
        const x1 = x(h.histogram.edges[k + 1] as number);
        return element('rect', { class: 'bar', x: x0, y: y(count), width: Math.max(0, x1 - x0 - 0.5), height: y(0) - y(count), 'data-count': count });
      }),
    ),
  );
  return chartFrame(
    { width, height, title: options.title, kind: options.kind },
    leftAxis(area, yTicks, y, options.yTitle),
    ...bars,
    bottomAxis(area, options.logX ? logTicks(lo, hi) : niceTicks(lo, hi, 6), x, options.xTitle),
    legend(
      area,
      histograms.map((h, index) => ({ label: h.population, colour: populationColour(index) })),
    ),
  );
}
