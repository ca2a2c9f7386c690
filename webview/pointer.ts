import type { Viewport } from '../diagram/protocol';

/*
 * Pointer and keys on the diagram canvas: drag pans, the wheel zooms at the pointer, arrow keys pan, a click (or
 * Enter/Space) activates what is under it (Alt held: the focus gesture). The webview owns the viewport; this only
 * turns input into calls.
 */

/** A pointer that moves less than this between down and up is a click, not a drag. */
const CLICK_SLOP_PX = 4;
const ARROW_PAN_PX = 60;
const ARROWS: Record<string, [number, number]> = { ArrowLeft: [1, 0], ArrowRight: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

export interface PointerTarget {
  viewport(): Viewport | undefined;
  /** A viewport the user chose (drag, arrow keys). */
  pan(next: Viewport): void;
  zoomAt(factor: number, cx: number, cy: number): void;
  activate(target: EventTarget | null, alt: boolean): void;
}

export function attachPointer(canvas: HTMLElement, to: PointerTarget): void {
  let drag: { id: number; startX: number; startY: number; origin: Viewport; moved: boolean } | undefined;

  canvas.addEventListener('pointerdown', (event) => {
    const origin = to.viewport();
    if (event.button !== 0 || !origin) return;
    drag = { id: event.pointerId, startX: event.clientX, startY: event.clientY, origin, moved: false };
  });

  canvas.addEventListener('pointermove', (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (!drag.moved && Math.hypot(dx, dy) < CLICK_SLOP_PX) return;
    if (!drag.moved) {
      drag.moved = true;
      canvas.setPointerCapture(event.pointerId);
      canvas.classList.add('fl-panning');
    }
    to.pan({ k: drag.origin.k, x: drag.origin.x + dx, y: drag.origin.y + dy });
  });

  const endDrag = (event: PointerEvent) => {
    if (!drag || event.pointerId !== drag.id) return;
    const wasDrag = drag.moved;
    drag = undefined;
    canvas.classList.remove('fl-panning');
    if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
    if (!wasDrag && event.type === 'pointerup') to.activate(event.target, event.altKey);
  };
  canvas.addEventListener('pointerup', endDrag);
  canvas.addEventListener('pointercancel', endDrag);

  canvas.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      to.activate(event.target, event.altKey);
      event.preventDefault();
      return;
    }
    const arrow = ARROWS[event.key];
    const viewport = to.viewport();
    if (arrow && viewport) {
      to.pan({ k: viewport.k, x: viewport.x + arrow[0] * ARROW_PAN_PX, y: viewport.y + arrow[1] * ARROW_PAN_PX });
      event.preventDefault();
    }
  });

  canvas.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const rect = canvas.getBoundingClientRect();
      const scale = event.deltaMode === 1 ? 16 : 1;
      to.zoomAt(Math.exp(-event.deltaY * scale * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
    },
    { passive: false },
  );
}
