import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkText } from '../../../analyzers/check';
import { renderDiagramSvg } from '../../../analyzers/diagram/to-diagram';
import { run } from '../../../cli/run';
import type { CliIo } from '../../../cli/io';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    cwd,
    env: {},
    stdout: { write: (t: string) => void out.push(t), isTTY: false },
    stderr: { write: (t: string) => void err.push(t), isTTY: false },
  };
  return { io: value, out, err };
}

describe('faultline diagram', () => {
  it('writes an SVG naming every element, with hostile titles escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-diagram-'));
    try {
      writeFileSync(join(dir, 'a.arch'), 'gateway edge { routes api }\nservice api "<script>alert(1)</script>" { writes db }\nstore db\n');
      const { io: cli, err } = io(dir);
      assert.equal(await run(['diagram', 'a.arch', '--out', 'a.svg'], cli), 0);
      const svg = readFileSync(join(dir, 'a.svg'), 'utf8');
      assert.match(svg, /^<svg[\s>]/);
      for (const name of ['edge', 'api', 'db']) assert.ok(svg.includes(`data-name="${name}"`), `the SVG draws ${name}`);
      assert.ok(!svg.includes('<script>'), 'user text is escaped');
      assert.ok(svg.includes('&lt;script&gt;'));
      assert.match(err.join(''), /wrote a\.svg/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints to stdout without --out, and a missing file is exit 2 with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-diagram-'));
    try {
      writeFileSync(join(dir, 'b.arch'), 'service solo\n');
      const ok = io(dir);
      assert.equal(await run(['diagram', 'b.arch'], ok.io), 0);
      assert.match(ok.out.join(''), /data-name="solo"/);
      const missing = io(dir);
      assert.equal(await run(['diagram', 'nope.arch'], missing.io), 2);
      assert.equal(missing.err.join('').trim().split('\n').length, 1);
      assert.match(missing.err.join(''), /cannot read 'nope\.arch'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws exactly what renderDiagramSvg draws (it builds the diagram model once, not twice)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-diagram-'));
    try {
      const text = readFileSync(join(import.meta.dirname, '../../../samples/checkout-saga.arch'), 'utf8');
      writeFileSync(join(dir, 'c.arch'), text);
      const { io: cli, out } = io(dir);
      assert.equal(await run(['diagram', 'c.arch'], cli), 0);
      const { model, diagnostics } = checkText(text);
      assert.equal(out.join(''), await renderDiagramSvg(model, diagnostics));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('refuses a design with too many elements before any rule runs on it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-diagram-'));
    try {
      const text = Array.from({ length: 1001 }, (_, i) => `service s${i}`).join('\n') + '\n';
      writeFileSync(join(dir, 'big.arch'), text);
      const { io: cli, out, err } = io(dir);
      assert.equal(await run(['diagram', 'big.arch', '--out', 'big.svg'], cli), 2);
      assert.equal(err.join(''), "faultline: cannot draw 'big.arch': This design has 1001 elements; diagrams are drawn up to 1000 elements and 2000 relations. Split the file, or check it with `faultline check`.\n");
      assert.equal(out.join(''), '');
      // The refusal comes from the model, before the rules: a rule that would run records that it did.
      let ran = false;
      const spy = { id: 'test/spy', severity: 'info' as const, check: () => void (ran = true) };
      assert.throws(() => checkText(text, { rules: [spy as never], beforeRules: () => { throw new Error('stop'); } }), /stop/);
      assert.equal(ran, false);
      checkText(text, { rules: [spy as never] });
      assert.equal(ran, true, 'the spy rule does run without the hook');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
