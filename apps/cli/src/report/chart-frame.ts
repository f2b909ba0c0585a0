import { CHART_STYLE } from './chart-axes.js';
import { element, escapeXml, text } from './svg-markup.js';

/**
 * The `<svg>` around a chart: a title, and for a standalone file the namespace, a white background
 * and the chart styles (inline in an HTML page they come from the page's stylesheet).
 */
export function chartFrame(
  options: { width: number; height: number; title: string; kind: string; standalone?: boolean; label?: string },
  ...content: string[]
): string {
  const { width, height, standalone } = options;
  const head = standalone ? [element('style', {}, CHART_STYLE), element('rect', { x: 0, y: 0, width, height, fill: '#fff' })] : [];
  return element(
    'svg',
    {
      xmlns: standalone ? 'http://www.w3.org/2000/svg' : undefined,
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: 'img',
      'aria-label': options.label ?? options.title,
      'data-chart': options.kind,
      class: 'chart',
    },
    element('title', {}, escapeXml(options.title)),
    ...head,
    text(12, 18, options.title, { class: 'chart-title' }),
    ...content,
  );
}
