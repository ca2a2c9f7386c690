import { layoutDiagram, MIN_FIT_ZOOM, type LayoutOptions, type DiagramLayout, type LayoutDirection } from '../diagram/layout';
import type { DiagramModel } from '../diagram/model';
import { ALTERNATIVE_LAYOUT_NODES_MAX, chooseDirection, prefersAlternative, wholeZoom } from './view';

/*
 * Which way to lay the diagram out, and the layout. The panel's shape decides (top-down in a tall panel, left to
 * right in a wide one, webview/view.ts `chooseDirection`), unless only the other way shows the whole design at a
 * readable zoom (`prefersAlternative`). The choice is made afresh only when asked (a new document, the panel's shape
 * crossing over); otherwise the direction drawn is kept, so a design never flips while it is being edited.
 */

export interface ArrangeRequest {
  /** The panel's size in CSS px (0 while it is not laid out yet). */
  width: number;
  height: number;
  /** The direction the panel's shape asked for last time, and the one drawn (undefined before the first layout). */
  shape: LayoutDirection | undefined;
  direction: LayoutDirection | undefined;
  /** Choose the direction afresh. */
  choose: boolean;
  collapsed: Iterable<string>;
}

export interface Arranged {
  layout: DiagramLayout;
  direction: LayoutDirection;
  shape: LayoutDirection | undefined;
}

/** Lays `diagram` out; undefined when `stale()` says a newer request superseded this one meanwhile. */
export async function arrange(
  diagram: DiagramModel,
  request: ArrangeRequest,
  stale: () => boolean,
  lay: (diagram: DiagramModel, options: LayoutOptions) => Promise<DiagramLayout> = layoutDiagram,
): Promise<Arranged | undefined> {
  const { width, height } = request;
  const sized = width > 0 && height > 0;
  const shape = sized ? chooseDirection(width, height, request.shape) : request.shape;
  const choose = request.choose || request.direction === undefined;
  const options = { collapsed: [...request.collapsed], collapsible: true };
  let direction: LayoutDirection = choose ? (shape ?? 'RIGHT') : request.direction!;
  let layout = await lay(diagram, { ...options, direction });
  if (stale()) return undefined;
  // A second layout only when the first cannot be shown whole at a readable zoom, and the design is small enough.
  if (choose && sized && diagram.nodes.length <= ALTERNATIVE_LAYOUT_NODES_MAX && wholeZoom(width, height, layout) < MIN_FIT_ZOOM) {
    const other: LayoutDirection = direction === 'DOWN' ? 'RIGHT' : 'DOWN';
    const otherLayout = await lay(diagram, { ...options, direction: other });
    if (stale()) return undefined;
    if (prefersAlternative(width, height, layout, otherLayout)) {
      layout = otherLayout;
      direction = other;
    }
  }
  return { layout, direction, shape };
}
