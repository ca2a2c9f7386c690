/*
 * A small SVG builder for the timeline view: elements are made with createElementNS and text goes in through
 * textContent, so a name or a trace line from the run can never become markup (no innerHTML anywhere). Attribute
 * values are set with setAttribute, which does not parse them either.
 */

export const SVG_NS = 'http://www.w3.org/2000/svg';

export type Attrs = Readonly<Record<string, string | number | undefined>>;

/** An SVG element with attributes (undefined ones left out), classes, and optional text. */
export function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, typeof v === 'number' ? round(v) : v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Coordinates to a tenth of a pixel: shorter attributes, same picture. */
function round(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 10) / 10) : '0';
}

/** An element of the page with classes and optional text (through textContent). */
export function htmlEl<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}
