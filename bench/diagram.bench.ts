import { checkText } from '../analyzers/check';
import { toDiagram } from '../analyzers/diagram/to-diagram';
import { layoutDiagram } from '../diagram/layout';
import { renderSvg } from '../diagram/render-svg';
import { generateTieredArch } from './generate';
import { median } from './stats';

/*
 * Diagram layout + render for 50, 200 and 1,000 nodes: the diagram model from a checked file, elkjs's layered
 * layout, and the SVG string (what the webview inserts). The webview runs the same code in Chromium; this
 * measures it in Node, on the same machine. The peer, measured in the same run: building the diagram model
 * (toDiagram), the part that runs in the extension host on every edit.
 */

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

console.log('faultline diagram bench — layout (elkjs) + SVG render');
console.log('  nodes  edges  toDiagram ms  layout+render ms (median)');
for (const nodes of [50, 200, 1000]) {
  const { model, diagnostics } = checkText(generateTieredArch(nodes));
  const diagram = toDiagram(model, diagnostics);
  const build = await timeAsync(async () => toDiagram(model, diagnostics), 9);
  const runs = nodes >= 1000 ? 3 : 7;
  const draw = await timeAsync(async () => renderSvg(diagram, await layoutDiagram(diagram)), runs);
  console.log(`${String(diagram.nodes.length).padStart(7)} ${String(diagram.edges.length).padStart(6)} ${median(build).toFixed(1).padStart(13)} ${median(draw).toFixed(0).padStart(26)}`);
}
