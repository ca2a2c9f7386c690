import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText } from '../../analyzers/check';
import { renderDiagramSvg, toDiagram } from '../../analyzers/diagram/to-diagram';
import { ALL_RULES } from '../../analyzers/registry';
import { checkDiagnostics } from '../../cli/commands/check';
import { formatJson } from '../../cli/report/json';
import { formatSarif } from '../../cli/report/sarif';
import { DiagramSchema } from '../../diagram/protocol';
import { AnalysisCache } from '../../extension/server/documents';
import { escapeMarkdown, hover } from '../../extension/server/hover';
import { quote } from '../../language/values';
import { assertWellFormedXml } from './xml';

/*
 * A shared .arch file is untrusted input to whoever opens it. Its titles, descriptions and stray tokens must reach
 * every output as text: the SVG export (no element, attribute or link of the author's), the hover Markdown (no link,
 * image, HTML or code span of the author's: VS Code renders hover Markdown), and the JSON and SARIF reports (valid
 * JSON, the author's text byte for byte). Names are identifiers, so they cannot carry markup; the ones that are
 * also JavaScript's own property names (`__proto__`, `constructor`) must still be ordinary names everywhere.
 */

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '[click](javascript:alert(3))',
  '](javascript:alert(4))',
  '![x](https://evil.example/x.png)',
  '`code` ``` **bold** _it_ # head',
  '&lt;b&gt; &amp; &#60;',
  '--> <!-- ]]> <?xml?>',
  '"quoted" \'single\' \\ back',
  'bidi \u202eevil\u202c and \u2066isolate\u2069',
  'nul \u0000 bell \u0007 esc \u001b[31m',
];

/** A design whose every element carries one hostile title and description; `STRAY` is a top-level string, reported as a syntax error quoting it. */
function design(): string {
  const lines = ['region r "' + '<b>region</b>' + '" { zones a, b, c }'];
  HOSTILE.forEach((h, i) => {
    lines.push(`service s${i} ${quote(h)} {`, `  replicas 3; zones a, b, c; description ${quote(h)}`, i > 0 ? `  call s${i - 1} { timeout 1s }` : '', '}');
  });
  return `${lines.filter((l) => l !== '').join('\n')}\n`;
}
const STRAY = '"<script>x</script>](javascript:y) \u202e\u0000"';
const TEXT = `${design()}${STRAY}\n`;

describe('hostile titles and descriptions', () => {
  const result = checkText(TEXT);

  it('the design is read: each hostile text is a title and a description, unchanged', () => {
    HOSTILE.forEach((h, i) => {
      const e = result.model.elements.get(`s${i}`);
      assert.equal(e?.title, h);
      assert.equal(e?.description, h);
    });
  });

  it('render as text in the SVG export: well-formed XML, no element or event handler of the author\'s', async () => {
    const svg = await renderDiagramSvg(result.model, result.diagnostics);
    assertWellFormedXml(svg);
    assert.doesNotMatch(svg, /<script|<img|<b>|<\?xml\?>|<!--/i);
    assert.doesNotMatch(svg, /<[^>]*\son[a-z]+\s*=/i, 'no event-handler attribute');
    assert.doesNotMatch(svg, /href\s*=\s*["']\s*javascript:/i, 'no javascript: link');
    assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the title is shown, escaped');
    assert.ok(!/[\u0000\u0007\u001b]/.test(svg), 'no character XML cannot carry');
  });

  it('render as text in the diagram model the webview gets (it passes the schema, the text intact)', () => {
    const diagram = toDiagram(result.model, result.diagnostics);
    assert.ok(DiagramSchema.safeParse(diagram).success);
    HOSTILE.forEach((h, i) => assert.equal(diagram.nodes.find((n) => n.name === `s${i}`)?.title, h));
  });

  it('render as text in the hover Markdown: every Markdown and HTML character of theirs is escaped', () => {
    const cache = new AnalysisCache(() => ({ config: {}, key: '{}' }));
    const analysis = cache.get(TextDocument.create('file:///w/hostile.arch', 'arch', 1, TEXT));
    HOSTILE.forEach((h, i) => {
      const e = result.model.elements.get(`s${i}`)!;
      const shown = hover(analysis, e.nameRange.start);
      const value = (shown?.contents as { value: string }).value;
      const [first, , , , description] = value.split('\n');
      assert.equal(first, `**service** \`s${i}\` — ${escapeMarkdown(h)}`);
      assert.equal(description, escapeMarkdown(h));
      // Every character Markdown or HTML acts on is preceded by a backslash: a link, an image, a tag, emphasis or a
      // code span cannot start in the author's text.
      const escaped = escapeMarkdown(h);
      assert.doesNotMatch(escaped.replace(/\\./g, ''), /[\\`*_{}[\]()#+\-.!|<>~]/, `unescaped in ${JSON.stringify(escaped)}`);
      assert.equal(escaped.replace(/\\(.)/g, '$1'), h, 'and unescaped it reads as written');
    });
  });

  it('stay valid JSON with the text intact, in the JSON and SARIF reports', () => {
    const diagnostics = checkDiagnostics(TEXT, undefined);
    const stray = diagnostics.find((d) => d.rule === 'syntax' && d.message.includes('<script>x'));
    assert.ok(stray, 'the stray string is reported, quoted');
    const reports = [{ path: 'dir/<b>hostile</b> ](x).arch', text: TEXT, diagnostics }];
    const json = JSON.parse(formatJson(reports)) as { files: { path: string; diagnostics: { message: string }[] }[] };
    assert.equal(json.files[0]!.path, 'dir/<b>hostile</b> ](x).arch');
    assert.ok(json.files[0]!.diagnostics.some((d) => d.message === stray.message), 'the message, byte for byte (NUL and U+202E included)');
    const sarif = JSON.parse(formatSarif(reports, ALL_RULES)) as { runs: { results: { message: { text: string } }[] }[] };
    // SARIF plain text reads `[text](target)` as a link (§3.11.6): brackets come escaped, and unescaped read as written.
    const text = sarif.runs[0]!.results.map((r) => r.message.text).find((t) => t.replace(/\\([[\]\\])/g, '$1') === stray.message);
    assert.ok(text !== undefined, 'the message, its brackets escaped');
    assert.doesNotMatch(text.replace(/\\[[\]\\]/g, ''), /[[\]]/, 'no bracket left unescaped');
  });
});

describe('names that are JavaScript property names', () => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
  const text = `region proto { zones __proto__, constructor, toString }\n${names
    .map((n, i) => `service ${n} { replicas 3; zones __proto__, constructor, toString; operation valueOf${i > 0 ? `; call ${names[i - 1]}.valueOf { timeout 1s }` : ''} }`)
    .join('\n')}\nstore hasOwnProperty-db { replicas 3; zones __proto__, constructor, toString }\n`;

  it('are ordinary names: no crash, no reference or duplicate error, each element in the model, the diagram and the reports', () => {
    const result = checkText(text);
    assert.deepEqual(result.diagnostics.filter((d) => ['internal', 'reference', 'duplicate', 'schema', 'syntax'].includes(d.rule)).map((d) => d.message), []);
    for (const n of names) assert.equal(result.model.elements.get(n)?.kind, 'service', n);
    const diagram = toDiagram(result.model, result.diagnostics);
    assert.ok(DiagramSchema.safeParse(diagram).success);
    assert.deepEqual(diagram.nodes.map((n) => n.name).sort(), [...names, 'hasOwnProperty-db'].sort());
    assert.equal(diagram.zones.length, 3);
    assert.equal(diagram.edges.filter((e) => e.kind === 'call').length, names.length - 1);
    const json = JSON.parse(formatJson([{ path: 'p.arch', text, diagnostics: checkDiagnostics(text, undefined) }]));
    assert.equal(Object.getPrototypeOf(json), Object.prototype, 'the parsed report is a plain object');
  });
});

describe('the well-formedness check itself', () => {
  it('rejects injected markup, raw ampersands and unbalanced tags', () => {
    for (const bad of ['<svg><text><img></text></svg>', '<svg><text>a & b</text></svg>', '<svg a="<"/>', '<svg></g>', '<svg/><svg/>', '<svg a="1" a="2"/>', '<svg>\u0000</svg>']) {
      assert.throws(() => assertWellFormedXml(bad), { name: 'AssertionError' }, bad);
    }
    assertWellFormedXml('<svg xmlns="x"><text class="a">a &amp; &lt;b&gt; &#39;</text><g/><!-- c --></svg>');
  });
});
