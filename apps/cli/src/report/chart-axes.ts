import { element, text } from './svg-markup.js';

/** A linear map from a data interval onto a pixel interval. */
export function linearScale(domain: [number, number], range: [number, number]): (x: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (x) => r0 + (x - d0) * k;
}

/** A base-10 logarithmic map (positive domain). */
export function logScale(domain: [number, number], range: [number, number]): (x: number) => number {
  const linear = linearScale([Math.log10(domain[0]), Math.log10(domain[1])], range);
  return (x) => linear(Math.log10(x));
}

/**
 * About `count` round tick values covering [min, max]: steps of 1, 2 or 5 × 10^k (Heckbert 1990,
 * "Nice numbers for graph labels", the rule d3-array's `ticks` follows).
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let k = Math.ceil(min / step); k * step <= max + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** Ticks from 0 that reach at least `max` (the axis of counts and rates: no bar pokes above the top tick). */
export function ticksFromZero(max: number, count = 5): number[] {
  const ticks = niceTicks(0, max > 0 ? max : 1, count);
  const step = ticks.length > 1 ? (ticks[1] as number) - (ticks[0] as number) : 1;
  while ((ticks.at(-1) as number) < max) ticks.push(Number(((ticks.at(-1) as number) + step).toPrecision(12)));
  return ticks;
}

/** Powers of ten within [min, max] (at least the two ends when the span is under a decade). */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log10(min)); 10 ** e <= max * (1 + 1e-9); e++) ticks.push(10 ** e);
  return ticks.length >= 2 ? ticks : [min, max];
}

/** A tick label: short, without trailing zeros. */
export function tickLabel(x: number): string {
  const short = (v: number) => String(Number(v.toPrecision(6)));
  if (Math.abs(x) >= 1e6) return `${short(x / 1e6)}M`;
  if (Math.abs(x) >= 1e4) return `${short(x / 1e3)}k`;
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toExponential(0);
  return short(x);
}

/** Where a chart draws its data, in SVG pixels (axes and labels go around it). */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Bottom axis with ticks, labels and a title. */
export function bottomAxis(area: PlotArea, ticks: number[], scale: (x: number) => number, title: string): string {
  const y = area.top + area.height;
  const parts = [element('line', { x1: area.left, y1: y, x2: area.left + area.width, y2: y, class: 'axis' })];
  for (const t of ticks) {
    const x = scale(t);
    parts.push(element('line', { x1: x, y1: y, x2: x, y2: y + 4, class: 'axis' }));
    parts.push(text(x, y + 16, tickLabel(t), { 'text-anchor': 'middle', class: 'tick' }));
  }
  parts.push(text(area.left + area.width / 2, y + 32, title, { 'text-anchor': 'middle', class: 'axis-title' }));
  return element('g', { class: 'x-axis' }, ...parts);
}

/** Left axis with ticks, labels, light grid lines and a title. */
export function leftAxis(area: PlotArea, ticks: number[], scale: (y: number) => number, title: string): string {
  const parts = [element('line', { x1: area.left, y1: area.top, x2: area.left, y2: area.top + area.height, class: 'axis' })];
  for (const t of ticks) {
    const y = scale(t);
    parts.push(element('line', { x1: area.left, y1: y, x2: area.left + area.width, y2: y, class: 'grid' }));
    parts.push(text(area.left - 6, y + 4, tickLabel(t), { 'text-anchor': 'end', class: 'tick' }));
  }
  const cx = area.left - 44;
  const cy = area.top + area.height / 2;
  parts.push(text(cx, cy, title, { 'text-anchor': 'middle', class: 'axis-title', transform: `rotate(-90 ${cx} ${cy})` }));
  return element('g', { class: 'y-axis' }, ...parts);
}

/** A row of coloured swatches with names, above the plot. */
export function legend(area: PlotArea, entries: Array<{ label: string; colour: string }>): string {
  let x = area.left;
  const parts = entries.map((e) => {
    const item = element(
      'g',
      { class: 'legend-item' },
      element('rect', { x, y: area.top - 18, width: 10, height: 10, fill: e.colour }),
      text(x + 14, area.top - 9, e.label, { class: 'tick' }),
    );
    x += 24 + e.label.length * 7;
    return item;
  });
  return element('g', { class: 'legend' }, ...parts);
}

/** Styles of the chart classes, for a standalone SVG (the HTML report has them in its stylesheet). */
export const CHART_STYLE =
  '.axis{stroke:#444;stroke-width:1}.grid{stroke:#e5e5e5;stroke-width:1}.tick{font:11px system-ui,sans-serif;fill:#333}' +
  '.axis-title{font:12px system-ui,sans-serif;fill:#222}.chart-title{font:600 13px system-ui,sans-serif;fill:#111}' +
  '.band-label{font:600 11px system-ui,sans-serif}.note{font:11px system-ui,sans-serif;fill:#666}';
