import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { layoutDiagram, MIN_FIT_ZOOM, MIN_LABEL_PX, type DiagramLayout } from '../../diagram/layout';
import type { DiagramModel } from '../../diagram/model';
import { SimOverlaySchema, type SimOverlay } from '../../diagram/timeline';
import { wholeZoom } from '../../webview/view';
import { diagramMessage, posted, RESULTS, ROOT, send, SKIP, startHarness, violations, waitForNodes, waitForPosted, webviewState, type Harness } from './diagram-harness';

/*
 * Issue 11, the diagram in a real browser, over every sample at a tall panel (600×900, the diagram beside the editor in
 * a 1,440×900 window) and a wide one (1400×900): every node's name is drawn at MIN_LABEL_PX or more on screen, the
 * layout runs top-down in the tall panel and left to right in the wide one (unless only the other way shows the design
 * whole at a readable zoom), the overview map shows exactly when the
 * diagram does not fit; and at the tall panel, for every sample: focus mode draws only the neighbours, collapsing a
 * region hides its members and ends their relations at the collapsed box, the simulation overlay greys a down node and
 * badges the leader and lost writes. One browser, one page per viewport; every wait is on a condition.
 */

const VIEWPORTS = [
  { width: 600, height: 900 },
  { width: 1400, height: 900 },
] as const;

interface Sample {
  name: string;
  document: string;
  text: string;
  diagram: DiagramModel;
  /** The webview's layouts both ways (computed here, in Node: the layout is deterministic). */
  right?: DiagramLayout;
  down?: DiagramLayout;
}

function loadSamples(): Sample[] {
  const dir = path.join(ROOT, 'samples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.arch'))
    .sort()
    .map((f) => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      return { name: f.replace(/\.arch$/, ''), document: `file:///samples/${f}`, text, diagram: diagramMessage(text).diagram };
    });
}

interface Measure {
  canvas: { width: number; height: number };
  direction: string | null;
  labels: { name: string; px: number; height: number; overflow: number }[];
  fits: boolean;
  minimap: boolean;
  /** Edges whose last segment runs down / across. */
  down: number;
  right: number;
}

/** Reads the drawn diagram from the DOM: label sizes on screen, whether it fits, the overview map. */
function measure(page: Page): Promise<Measure> {
  return page.evaluate(() => {
    const svg = document.querySelector('svg.fl-diagram');
    const canvas = document.querySelector('.fl-canvas')!.getBoundingClientRect();
    const labels = [...document.querySelectorAll<SVGTextElement>('g.fl-node text.fl-node-name')].map((t) => {
      const ctm = t.getScreenCTM()!;
      const size = parseFloat(getComputedStyle(t).fontSize);
      // How far the name runs past its box's right edge (the box is the node's first rect, the text starts inside it).
      const box = t.parentElement?.querySelector<SVGRectElement>('rect.fl-node-box');
      const overflow = box ? t.getBBox().x + t.getBBox().width - (box.getBBox().x + box.getBBox().width) : 0;
      return { name: t.textContent ?? '', px: size * Math.hypot(ctm.a, ctm.b), height: t.getBoundingClientRect().height, overflow };
    });
    const content = document.querySelector('g.fl-viewport')!.getBoundingClientRect();
    const tolerance = 2;
    const fits = content.left >= canvas.left - tolerance && content.top >= canvas.top - tolerance && content.right <= canvas.right + tolerance && content.bottom <= canvas.bottom + tolerance;
    const map = document.querySelector<HTMLElement>('.fl-minimap');
    const minimap = map !== null && !map.hidden && map.getBoundingClientRect().width > 0;
    // The last segment of each edge: into the target's top in a top-down layout, into its left side left to right.
    let down = 0;
    let right = 0;
    for (const path of document.querySelectorAll<SVGPathElement>('g.fl-edge path.fl-edge-line')) {
      const numbers = (path.getAttribute('d') ?? '').match(/-?[\d.]+/g)?.map(Number) ?? [];
      if (numbers.length < 4) continue;
      const [x1, y1, x2, y2] = numbers.slice(-4) as [number, number, number, number];
      if (Math.abs(y2 - y1) > Math.abs(x2 - x1)) down++;
      else right++;
    }
    return { canvas: { width: canvas.width, height: canvas.height }, direction: svg?.getAttribute('data-direction') ?? null, labels, fits, minimap, down, right };
  });
}

function assertLegible(m: Measure, where: string): void {
  assert.ok(m.labels.length > 0, `${where}: labels drawn`);
  for (const l of m.labels) {
    assert.ok(l.px >= MIN_LABEL_PX - 1e-6, `${where}: ${l.name} is drawn at ${l.px.toFixed(2)}px, below ${MIN_LABEL_PX}px`);
    assert.ok(l.height >= MIN_LABEL_PX, `${where}: ${l.name}'s text box is ${l.height.toFixed(2)}px tall`);
    assert.ok(l.overflow <= 0, `${where}: ${l.name} runs ${l.overflow.toFixed(1)} units past its box`);
  }
}

/** Every container id holding the node, innermost first. */
function ancestors(diagram: DiagramModel, parent: string | undefined): string[] {
  const byId = new Map(diagram.containers.map((c) => [c.id, c]));
  const out: string[] = [];
  for (let id = parent; id !== undefined && out.length < 8; id = byId.get(id)?.parent) out.push(id);
  return out;
}

/** Clicks the middle of a drawn element, panning there through the overview map first when it is off screen (or under the map). */
async function clickDiagramPoint(page: Page, selector: string): Promise<void> {
  const onScreen = () =>
    page.$eval(selector, (el) => {
      const r = el.getBoundingClientRect();
      const c = document.querySelector('.fl-canvas')!.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      return { x, y, inside: x > c.left + 4 && x < c.right - 220 && y > c.top + 4 && y < c.bottom - 170 };
    });
  let at = await onScreen();
  if (!at.inside) {
    // Move the view there with the overview map: a click on the map centres the view on that point.
    const target = await page.$eval(selector, (el) => {
      // The element's middle in diagram coordinates, then where that is on the map.
      const r = el.getBoundingClientRect();
      const toDiagram = document.querySelector<SVGGElement>('g.fl-viewport')!.getScreenCTM()!.inverse();
      const p = new DOMPoint(r.left + r.width / 2, r.top + r.height / 2).matrixTransform(toDiagram);
      const svg = document.querySelector<SVGSVGElement>('.fl-minimap svg')!;
      const map = svg.getBoundingClientRect();
      const scale = map.width / Number((svg.getAttribute('viewBox') ?? '0 0 1 1').split(' ')[2]);
      return { x: map.left + p.x * scale, y: map.top + p.y * scale };
    });
    await page.mouse.click(target.x, target.y);
    at = await onScreen();
  }
  await page.mouse.click(at.x, at.y);
}

describe('diagram webview: readable at any panel size, focus, collapse, simulation overlay', { skip: SKIP }, () => {
  let harness: Harness;
  const samples = SKIP ? [] : loadSamples();
  const pageErrors: string[] = [];
  const pages = new Map<number, Page>();
  /** Across all samples at one size: how often the diagram fitted and how often it did not (both must occur). */
  const fitted = new Map<number, { fits: number; overflows: number }>();

  before(async () => {
    for (const s of samples) {
      s.right = await layoutDiagram(s.diagram, { direction: 'RIGHT', collapsible: true });
      s.down = await layoutDiagram(s.diagram, { direction: 'DOWN', collapsible: true });
    }
    harness = await startHarness();
    mkdirSync(RESULTS, { recursive: true });
    for (const v of VIEWPORTS) {
      pages.set(v.width, await harness.open(v, (p) => p.on('pageerror', (e) => pageErrors.push(e.message))));
      fitted.set(v.width, { fits: 0, overflows: 0 });
    }
  });

  after(async () => {
    await harness?.close();
  });

  for (const viewport of VIEWPORTS) {
    const size = `${viewport.width}x${viewport.height}`;
    const tall = viewport.height > viewport.width;
    for (const [index, sample] of samples.entries()) {
      it(`${sample.name} at ${size}: legible labels, ${tall ? 'top-down' : 'left to right'}, overview map only when it does not fit`, async () => {
        const page = pages.get(viewport.width)!;
        const names = sample.diagram.nodes.map((n) => n.name);
        await send(page, { type: 'model', diagram: sample.diagram, version: index + 1, document: sample.document });
        await waitForNodes(page, names);
        const m = await measure(page);
        await page.screenshot({ path: path.join(RESULTS, `diagram-${sample.name}-${size}.png`) });
        assertLegible(m, `${sample.name} at ${size}`);
        // The panel's shape decides, unless its way cannot show the design whole at a readable zoom and the other way shows it clearly larger.
        const panelWay = tall ? 'DOWN' : 'RIGHT';
        const layouts = { RIGHT: sample.right!, DOWN: sample.down! };
        const zoom = (d: 'RIGHT' | 'DOWN') => wholeZoom(m.canvas.width, m.canvas.height, layouts[d]);
        if (tall && sample.right!.width > sample.right!.height) assert.equal(m.direction, 'DOWN', `${sample.name} is wider than tall left to right: top-down at ${size}`);
        if (m.direction !== panelWay) {
          const other = panelWay === 'DOWN' ? 'RIGHT' : 'DOWN';
          assert.equal(m.direction, other);
          assert.ok(zoom(panelWay) < MIN_FIT_ZOOM && zoom(other) > zoom(panelWay) * 1.2, `${sample.name} at ${size}: ${other} only when ${panelWay} cannot be shown whole readably (${zoom(panelWay).toFixed(2)} vs ${zoom(other).toFixed(2)})`);
        }
        if (m.direction === 'DOWN') assert.ok(m.down > m.right, `${sample.name} at ${size}: top-down, its edges run down (${m.down} down, ${m.right} across)`);
        else assert.ok(m.right > m.down, `${sample.name} at ${size}: left to right, its edges run across (${m.down} down, ${m.right} across)`);
        assert.equal(m.minimap, !m.fits, `${sample.name} at ${size}: the overview map is ${m.minimap ? 'shown' : 'hidden'} though the diagram ${m.fits ? 'fits' : 'does not fit'}`);
        const count = fitted.get(viewport.width)!;
        if (m.fits) count.fits++;
        else count.overflows++;
        if (!tall) return;
        await checkFocus(page, sample);
        await checkCollapse(page, sample);
        await checkSimOverlay(page, sample);
      });
    }
  }

  async function checkFocus(page: Page, sample: Sample): Promise<void> {
    const degree = (name: string) => sample.diagram.edges.filter((e) => e.from === name || e.to === name).length;
    const focus = [...sample.diagram.nodes].sort((a, b) => degree(b.name) - degree(a.name))[0]!.name;
    const neighbours = new Set([focus, ...sample.diagram.edges.flatMap((e) => (e.from === focus ? [e.to] : e.to === focus ? [e.from] : []))]);
    await send(page, { type: 'focus', name: focus });
    await waitForNodes(page, [...neighbours]);
    const edges = await page.$$eval('g.fl-edge', (gs) => gs.map((g) => [(g as SVGGElement).dataset.from, (g as SVGGElement).dataset.to]));
    for (const [from, to] of edges) assert.ok(from === focus || to === focus, `${sample.name}: focus on ${focus} draws ${from} → ${to}`);
    assertLegible(await measure(page), `${sample.name} focused on ${focus}`);
    await page.keyboard.press('Escape');
    await waitForNodes(page, sample.diagram.nodes.map((n) => n.name));
  }

  async function checkCollapse(page: Page, sample: Sample): Promise<void> {
    const region = sample.diagram.containers.find((c) => c.kind === 'region' && sample.diagram.nodes.some((n) => ancestors(sample.diagram, n.parent).includes(c.id)));
    if (!region) return;
    const hidden = new Set(sample.diagram.nodes.filter((n) => ancestors(sample.diagram, n.parent).includes(region.id)).map((n) => n.name));
    const visible = sample.diagram.nodes.filter((n) => !hidden.has(n.name)).map((n) => n.name);
    const toggle = `g.fl-container-toggle[data-toggle="${region.id}"] path.fl-twisty`;
    await clickDiagramPoint(page, toggle);
    await page.waitForSelector(`g.fl-container.fl-collapsed[data-id="${region.id}"]`);
    await waitForNodes(page, visible);
    const ends = await page.$eval(`g.fl-container.fl-collapsed[data-id="${region.id}"] rect.fl-container-box`, (rect, hiddenNames) => {
      const box = { x: Number(rect.getAttribute('x')), y: Number(rect.getAttribute('y')), w: Number(rect.getAttribute('width')), h: Number(rect.getAttribute('height')) };
      // No named inner functions: tsx would wrap them in a helper the page does not have.
      const out: { edge: string; atBox: boolean }[] = [];
      for (const g of document.querySelectorAll<SVGGElement>('g.fl-edge')) {
        const path = g.querySelector<SVGPathElement>('path')!;
        const ends: DOMPoint[] = [];
        if (hiddenNames.includes(g.dataset.to ?? '')) ends.push(path.getPointAtLength(path.getTotalLength()));
        if (hiddenNames.includes(g.dataset.from ?? '')) ends.push(path.getPointAtLength(0));
        for (const p of ends) out.push({ edge: g.dataset.id ?? '', atBox: p.x >= box.x - 12 && p.x <= box.x + box.w + 12 && p.y >= box.y - 12 && p.y <= box.y + box.h + 12 });
      }
      return out;
    }, [...hidden]);
    const crossing = sample.diagram.edges.filter((e) => hidden.has(e.from) !== hidden.has(e.to));
    if (crossing.length > 0) assert.ok(ends.length > 0, `${sample.name}: relations into ${region.name} are drawn to its collapsed box`);
    for (const e of ends) assert.ok(e.atBox, `${sample.name}: ${e.edge} ends at the collapsed ${region.name}`);
    const saved = ((await webviewState(page)) as { collapsed?: string[] }).collapsed;
    assert.deepEqual(saved, [region.id], 'the collapsed region is kept in the webview state');
    // The cursor on a folded element's declaration highlights the box it is folded into.
    await send(page, { type: 'highlight', name: [...hidden][0]! });
    await page.waitForSelector(`g.fl-container.fl-collapsed.fl-highlight[data-id="${region.id}"]`);
    await send(page, { type: 'highlight', name: null });
    await clickDiagramPoint(page, toggle);
    await waitForNodes(page, sample.diagram.nodes.map((n) => n.name));
  }

  async function checkSimOverlay(page: Page, sample: Sample): Promise<void> {
    const nodes = sample.diagram.nodes;
    const store = nodes.find((n) => n.kind === 'store') ?? nodes[0]!;
    const down = nodes.find((n) => n !== store) ?? store;
    const zones = sample.diagram.containers.filter((c) => c.kind === 'zone').map((c) => c.name);
    const overlay: SimOverlay = SimOverlaySchema.parse({
      seed: 7,
      atMs: 5388,
      elements: [
        { name: down.name, status: 'down', down: 3, total: 3, lostWrites: 0 },
        ...(store !== down ? [{ name: store.name, status: 'degraded', leader: `${store.name}#2`, down: 1, total: 3, lostWrites: 3 }] : []),
      ],
      zonesDown: zones.slice(0, 1),
      partitioned: zones.slice(1, 2),
    });
    await send(page, { type: 'simState', overlay: { ...overlay, elements: [{ name: 'x', status: 'exploded' }] } }); // invalid: dropped
    await send(page, { type: 'simState', overlay });
    await page.waitForSelector(`g.fl-node.fl-sim-down[data-name="${down.name}"]`);
    const grey = await page.$eval(`g.fl-node.fl-sim-down[data-name="${down.name}"] rect.fl-node-box`, (r) => ({ opacity: Number(getComputedStyle(r).opacity), filter: getComputedStyle(r).filter }));
    assert.ok(grey.opacity < 0.5 && grey.filter.includes('grayscale'), `${sample.name}: ${down.name} is greyed (${JSON.stringify(grey)})`);
    if (store !== down) {
      const node = `g.fl-node[data-name="${store.name}"]`;
      assert.ok(await page.$(`${node}.fl-sim-degraded`), `${sample.name}: ${store.name} is degraded`);
      assert.equal(await page.textContent(`${node} .fl-sim-leader text`), `leader: ${store.name}#2`);
      assert.equal(await page.textContent(`${node} .fl-sim-lost text`), '3 lost writes');
    }
    if (zones[0]) assert.ok(await page.$(`g.fl-container.fl-sim-zone-down[data-id="z:${zones[0]}"]`), `${sample.name}: zone ${zones[0]} is drawn down`);
    if (zones[1]) {
      const fill = await page.$eval(`g.fl-container.fl-sim-partitioned[data-id="z:${zones[1]}"] > rect.fl-container-box`, (r) => getComputedStyle(r).fill);
      assert.match(fill, /url\(/, `${sample.name}: zone ${zones[1]} is hatched`);
    }
    if (sample.name === 'checkout-saga') await page.screenshot({ path: path.join(RESULTS, `diagram-${sample.name}-sim.png`) });
    await send(page, { type: 'simState', overlay: null });
    await page.waitForSelector('g.fl-node.fl-sim-down', { state: 'detached' });
    assert.equal(await page.$$eval('.fl-sim-badge, .fl-sim-degraded, .fl-sim-zone-down, .fl-sim-partitioned', (n) => n.length), 0);
  }

  it('fits some samples whole and shows the overview map for others, at each size', () => {
    for (const [width, count] of fitted) assert.ok(count.fits > 0 && count.overflows > 0, `at ${width}px: ${count.fits} fitted, ${count.overflows} overflowed`);
  });

  describe('checkout saga at 600×900', () => {
    let page: Page;
    const checkout = () => samples.find((s) => s.name === 'checkout-saga')!;
    const transform = () => page.$eval('g.fl-viewport', (g) => g.getAttribute('transform'));

    before(async () => {
      page = pages.get(600)!;
      const s = checkout();
      await send(page, { type: 'model', diagram: s.diagram, version: 100, document: s.document });
      await waitForNodes(page, s.diagram.nodes.map((n) => n.name));
    });

    it('is laid out top-down at the readable zoom with the overview map, which moves the view', async () => {
      const m = await measure(page);
      assert.equal(m.direction, 'DOWN');
      assert.ok(m.minimap && !m.fits, 'the checkout saga does not fit 600×900 at a readable zoom: the overview map is shown');
      const before = await transform();
      const map = (await page.$('.fl-minimap svg'))!;
      const box = (await map.boundingBox())!;
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.9);
      const clicked = await transform();
      assert.notEqual(clicked, before, 'a click on the map moves the view');
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.9);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2, { steps: 4 });
      await page.mouse.up();
      assert.notEqual(await transform(), clicked, 'dragging in the map moves the view');
      const frame = await page.$eval('.fl-minimap-frame', (r) => {
        const b = r.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      });
      assert.ok(Math.abs(frame.x - (box.x + box.width * 0.3)) < 3 && Math.abs(frame.y - (box.y + box.height * 0.2)) < 3, 'the view is centred where the map was let go');
      await page.click('button[aria-label="Fit the diagram to the panel"]');
      assertLegible(await measure(page), 'after Fit');
    });

    it('focuses with Alt+click and the Focus button, and shows all again', async () => {
      const s = checkout();
      const neighboursOf = (name: string) => new Set([name, ...s.diagram.edges.flatMap((e) => (e.from === name ? [e.to] : e.to === name ? [e.from] : []))]);
      await clickDiagramPoint(page, 'g.fl-node[data-name="payments"] text.fl-node-name');
      await waitForPosted(page, 'reveal');
      await page.click('button:text-is("Focus")');
      await waitForNodes(page, [...neighboursOf('payments')]);
      assert.match((await page.textContent('.fl-status')) ?? '', /Focus: payments and \d+ neighbours/);
      await page.keyboard.down('Alt');
      await clickDiagramPoint(page, 'g.fl-node[data-name="stripe"] text.fl-node-name');
      await page.keyboard.up('Alt');
      await waitForNodes(page, [...neighboursOf('stripe')]);
      await page.click('button:text-is("Show all")');
      await waitForNodes(page, s.diagram.nodes.map((n) => n.name));
      assert.ok(await page.$eval('button:text-is("Show all")', (b) => (b as HTMLButtonElement).hidden));
    });

    it('focuses an element inside a collapsed region with the region open, and folds it again after', async () => {
      const s = checkout();
      await clickDiagramPoint(page, 'g.fl-container-toggle[data-toggle="r:eu-central"] path.fl-twisty');
      await page.waitForSelector('g.fl-container.fl-collapsed[data-id="r:eu-central"]');
      await send(page, { type: 'focus', name: 'orders' });
      const neighbours = new Set(['orders', ...s.diagram.edges.flatMap((e) => (e.from === 'orders' ? [e.to] : e.to === 'orders' ? [e.from] : []))]);
      await waitForNodes(page, [...neighbours]);
      await send(page, { type: 'focus', name: null });
      await page.waitForSelector('g.fl-container.fl-collapsed[data-id="r:eu-central"]');
      await clickDiagramPoint(page, 'g.fl-container-toggle[data-toggle="r:eu-central"] path.fl-twisty');
      await waitForNodes(page, s.diagram.nodes.map((n) => n.name));
    });

    it('exports the simulation overlay in the SVG', async () => {
      await send(page, { type: 'simState', overlay: { seed: 1, atMs: 10, elements: [{ name: 'orders-db', status: 'down', down: 3, total: 3, lostWrites: 2 }], zonesDown: [], partitioned: ['euc1-b'] } });
      await page.waitForSelector('g.fl-node.fl-sim-down[data-name="orders-db"]');
      await send(page, { type: 'requestExport', format: 'svg' });
      const svg = await waitForPosted(page, 'exported', 'svg');
      assert.ok(svg.type === 'exported' && svg.data.includes('fl-sim-down') && svg.data.includes('2 lost writes') && svg.data.includes('fl-hatch'));
      assert.ok(svg.type === 'exported' && !svg.data.includes('fl-container-toggle'), 'no collapse toggles in a standalone file');
      await send(page, { type: 'simState', overlay: null });
      await page.waitForSelector('g.fl-node.fl-sim-down', { state: 'detached' });
    });

    it('posts simulate from the toolbar', async () => {
      await page.click('button:text-is("Simulate…")');
      assert.deepEqual(await waitForPosted(page, 'simulate'), { type: 'simulate' });
    });
  });

  it('lays out again when the panel turns from wide to tall', async () => {
    const page = pages.get(1400)!;
    const s = samples.find((x) => x.name === 'checkout-saga')!;
    assert.ok(s.right!.width > s.right!.height, 'the checkout saga is wider than tall left to right');
    await send(page, { type: 'model', diagram: s.diagram, version: 200, document: s.document });
    await waitForNodes(page, s.diagram.nodes.map((n) => n.name));
    assert.equal((await measure(page)).direction, 'RIGHT');
    await page.setViewportSize({ width: 600, height: 900 });
    await page.waitForSelector('svg.fl-diagram[data-direction="DOWN"]');
    assertLegible(await measure(page), 'after the resize');
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.waitForSelector('svg.fl-diagram[data-direction="RIGHT"]');
  });

  it('ran without page errors, CSP violations or posted errors', async () => {
    assert.deepEqual(pageErrors, []);
    for (const page of pages.values()) {
      assert.deepEqual(await violations(page), []);
      assert.ok(!(await posted(page)).some((m) => m.type === 'error'));
    }
  });
});
