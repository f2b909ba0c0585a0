/** Escapes text for XML and HTML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** A coordinate with at most two decimals (keeps the markup short). */
export function px(x: number): string {
  return String(Math.round(x * 100) / 100);
}

type Attributes = Record<string, string | number | undefined>;

/** One element: attributes escaped, children already markup; `undefined` attributes left out. */
export function element(tag: string, attributes: Attributes, ...children: string[]): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(typeof v === 'number' ? px(v) : (v as string))}"`)
    .join('');
  return children.length === 0 ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${children.join('')}</${tag}>`;
}

/** A `<text>` element at (x, y) with escaped content. */
export function text(x: number, y: number, content: string, attributes: Attributes = {}): string {
  return element('text', { x, y, ...attributes }, escapeXml(content));
}

/** Colours of populations, in order: a colour-blind-safe palette (Okabe & Ito 2008). */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];

/** The colour of the population at `index` in every chart. */
export function populationColour(index: number): string {
  return PALETTE[index % PALETTE.length] as string;
}
