import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Connection } from 'vscode-languageserver/node.js';
import { codeActions } from '../../../extension/server/code-actions';
import { completion } from '../../../extension/server/completion';
import { ConfigStore, readSettings } from '../../../extension/server/config';
import { ruleDocUrl, toLspDiagnostic } from '../../../extension/server/diagnostics';
import { AnalysisCache, type Analysis } from '../../../extension/server/documents';
import { hover } from '../../../extension/server/hover';
import { definition, prepareRename, references, rename } from '../../../extension/server/navigation';
import { semanticTokens } from '../../../extension/server/semantic-tokens';
import { documentSymbols, FOLDING_LIMIT, foldingRanges, OUTLINE_LIMIT } from '../../../extension/server/symbols';
import { generateArch } from '../../../bench/generate';
import { at, ROOT } from './lsp-client';

/* The features in-process, on analyses built directly: fast checks of the cases the stdio test does not cover. */

const URI = 'file:///w/test.arch';
const cache = new AnalysisCache(() => ({ config: {}, key: '{}' }));
let version = 0;
function analyze(text: string): Analysis {
  return cache.get(TextDocument.create(URI, 'arch', ++version, text));
}

const TEXT = `region us-east { zones use1-a, use1-b }
region eu-west { zones euw1-a }

cluster coord { replicas 4; zones use1-a, use1-b; consensus raft }

service api {
  zones use1-a, 
  call ledger. {
    circuit-breaker {
      
    }
  }
  publishes events { outbox }
  reads ledger-db { consistency  }
}

service ledger { operation post { idempotent }; operation void }
store ledger-db { replication  }
queue events { delivery at-least-once }
lock l { backend coord; holders api, ledger }
scenario s { target coord; at 5s crash zone use1-a }
`;

describe('completion contexts', () => {
  const a = analyze(TEXT);
  const labels = (p: { line: number; character: number }) => completion(a, p).map((i) => i.label);

  it('offers declared zones after `zones`, minus those already listed', () => {
    assert.deepEqual(labels(at(TEXT, 'use1-a, \n', 8)), ['use1-b', 'euw1-a']);
  });
  it('offers elements and element.operation after `call`', () => {
    const l = labels(at(TEXT, 'ledger. {', 7));
    assert.ok(l.includes('ledger.post') && l.includes('ledger.void') && l.includes('ledger-db'), l.join());
    assert.ok(!l.includes('l'), 'locks are not callable');
  });
  it('offers the nested table of a circuit breaker', () => {
    assert.deepEqual(labels({ line: at(TEXT, 'circuit-breaker').line + 1, character: 6 }), ['failure-rate', 'window', 'cooldown']);
  });
  it('offers enum values and consistency levels', () => {
    assert.ok(labels(at(TEXT, 'replication  }', 12)).includes('leaderless'));
    assert.ok(labels(at(TEXT, 'consistency  }', 12)).includes('linearizable'));
  });
  it('offers ref kinds only', () => {
    const text = TEXT.replace('backend coord', 'backend ');
    const b = analyze(text);
    const l = completion(b, at(text, 'backend ', 8)).map((i) => i.label);
    assert.deepEqual(l.sort(), ['coord', 'ledger-db']);
  });
  it('offers nothing inside comments and strings', () => {
    const text = 'service a {\n  description "rep\n  // rep\n}\n';
    const b = analyze(text);
    assert.deepEqual(completion(b, at(text, '"rep', 4)), []);
    assert.deepEqual(completion(b, at(text, '// rep', 6)), []);
  });
});

describe('scenario completion and hover', () => {
  const SC = `region r { zones a, b, c }
store db { replicas 3; zones a, b; replication leader-follower; election raft }
service w { zones a }
saga pay { step reserve { action w }; step charge { action w } }
scenario s1 {
  target db
  at 5s 
  at 5s crash 
  at 5s lose zone 
  at 5s partition a | 
  expect 
}
scenario s2 {
  target pay
  at 1s fail step 
  expect 
}
`;
  const b = analyze(SC);
  const labelsAt = (line: number) => completion(b, { line, character: SC.split('\n')[line]!.length }).map((i) => i.label);
  const lineOf = (needle: string, from = 0) => SC.split('\n').findIndex((l, i) => i >= from && l === needle);
  it('offers faults after the time, with their shape', () => {
    const items = completion(b, { line: lineOf('  at 5s '), character: 8 });
    assert.deepEqual(items.map((i) => i.label), ['crash', 'restart', 'partition', 'heal', 'pause', 'lose', 'fail', 'drop']);
    assert.equal(items[0]!.detail, 'crash leader | crash N | crash zone Z');
  });
  it("offers the target's members after crash, its zones after lose zone and partition", () => {
    assert.deepEqual(labelsAt(lineOf('  at 5s crash ')), ['leader', '0', '1', '2', 'zone']);
    assert.deepEqual(labelsAt(lineOf('  at 5s lose zone ')), ['a', 'b']);
    assert.deepEqual(labelsAt(lineOf('  at 5s partition a | ')), ['b']);
  });
  it("offers the expectations that apply to the target, and a saga's steps", () => {
    assert.deepEqual(labelsAt(lineOf('  expect ')), ['no-split-brain', 'leader-within', 'no-lost-writes', 'stale-reads']);
    assert.deepEqual(labelsAt(lineOf('  expect ', lineOf('scenario s2 {'))), ['saga-atomic']);
    assert.deepEqual(labelsAt(lineOf('  at 1s fail step ')), ['reserve', 'charge']);
  });
  it('hovers a fault word with its shape', () => {
    const h = hover(b, { line: lineOf('  at 5s crash '), character: 9 })!;
    assert.match((h.contents as { value: string }).value, /`at T crash leader \| crash N \| crash zone Z`/);
  });
});

describe('navigation and hover details', () => {
  const a = analyze(TEXT);
  it('resolves zones used in scenarios and placement', () => {
    const refs = references(a, URI, at(TEXT, 'use1-a'), true);
    assert.equal(refs.length, 4); // region, cluster, service, scenario
    assert.deepEqual(definition(a, URI, at(TEXT, 'crash zone use1-a', 12))[0]?.range.start, at(TEXT, 'use1-a'));
  });
  it('renames a zone everywhere and refuses non-names', () => {
    const edit = rename(a, URI, at(TEXT, 'use1-b'), 'use1-x');
    assert.equal(edit?.changes?.[URI]?.length, 2); // region, cluster
    assert.throws(() => prepareRename(a, at(TEXT, 'consensus')));
    assert.throws(() => rename(a, URI, at(TEXT, 'use1-b'), '1bad name'));
  });
  it('shows even-size consensus math on a cluster and zone placement on a zone', () => {
    const h = hover(a, at(TEXT, 'coord', 1))!;
    const value = (h.contents as { value: string }).value;
    assert.match(value, /\| 4 \| 3 \| 3 \| 3 \| 1 \| 1 \| yes \|/);
    assert.match(value, /Losing `use1-a` leaves 2 of 4 \(needs 3\): \*\*down\*\*/);
    const zone = (hover(a, at(TEXT, 'euw1-a'))!.contents as { value: string }).value;
    assert.match(zone, /in region `eu-west`/);
  });
});

describe('diagnostic mapping and code actions', () => {
  it('links core rules under core/', () => {
    assert.equal(ruleDocUrl('schema'), 'https://github.com/faultline-dev/faultline/blob/main/docs/rules/core/schema.md');
    assert.equal(ruleDocUrl('retry/no-timeout'), 'https://github.com/faultline-dev/faultline/blob/main/docs/rules/retry/no-timeout.md');
  });
  it('finds fixes even when the client dropped `data`, and offers no disable action for syntax', () => {
    const text = 'store s {\n  replicas 3\n  replication leaderless\n  write-quorum 1\n  read-quorum 1\n  consistency strong\n}\nservice x {\n';
    const a = analyze(text);
    const lsp = a.result.diagnostics.map((d) => toLspDiagnostic(d, URI));
    const overlap = { ...lsp.find((d) => d.code === 'quorum/no-overlap')! };
    delete overlap.data;
    const actions = codeActions({ textDocument: { uri: URI }, range: overlap.range, context: { diagnostics: [overlap] } }, a);
    assert.ok(actions[0]?.isPreferred && /read-quorum/.test(actions[0].title));
    const syntax = lsp.find((d) => d.code === 'syntax')!;
    const none = codeActions({ textDocument: { uri: URI }, range: syntax.range, context: { diagnostics: [syntax] } }, a);
    assert.deepEqual(none, []);
    assert.deepEqual(codeActions({ textDocument: { uri: URI }, range: overlap.range, context: { diagnostics: [overlap], only: ['refactor'] } }, a), []);
  });
});

describe('outline of a huge design', () => {
  it('lists elements with their properties, and past OUTLINE_LIMIT symbols the elements alone', () => {
    const small = documentSymbols(analyze(generateArch(20)));
    assert.ok(small.some((s) => s.name === 'svc-0' && s.children?.some((c) => c.name === 'replicas')));
    const text = generateArch(2_000);
    const huge = documentSymbols(analyze(text));
    assert.ok(text.split('\n').length > OUTLINE_LIMIT, 'the design has more lines than the limit');
    assert.ok(huge.every((s) => !s.children));
    assert.ok(huge.length >= 2_000 && huge.some((s) => s.name === 'svc-0'));
    assert.ok(JSON.stringify(huge).length < 2_000 * 400, 'a few hundred bytes per element');
  });
  it('folds at most FOLDING_LIMIT ranges, the outer blocks first', () => {
    const a = analyze(generateArch(4_000));
    const folds = foldingRanges(a);
    assert.equal(folds.length, FOLDING_LIMIT);
    const topLevel = new Set(a.result.document.statements.filter((s) => s.block && s.range.end.line - s.range.start.line >= 2).map((s) => s.range.start.line));
    // Every element's block folds before any block inside one does.
    assert.ok(topLevel.size < FOLDING_LIMIT && [...topLevel].every((line) => folds.some((f) => f.startLine === line)));
    assert.deepEqual(folds.map((f) => f.startLine), folds.map((f) => f.startLine).sort((x, y) => x - y));
    const small = foldingRanges(analyze(generateArch(20)));
    assert.ok(small.some((f) => !topLevel.has(f.startLine) || f.endLine - f.startLine < 3), 'a small design folds inner blocks too');
  });
});

describe('configuration', () => {
  it('reads editor settings and drops invalid entries', () => {
    const problems: string[] = [];
    const c = readSettings({ rules: { 'retry/no-timeout': 'off', 'x/y': 'loud' }, amplificationLimit: 0 }, (m) => problems.push(m));
    assert.deepEqual(c, { rules: { 'retry/no-timeout': 'off' } });
    assert.equal(problems.length, 2);
    assert.deepEqual(readSettings({ faultline: { amplificationLimit: 20 } }), { amplificationLimit: 20 });
  });
  it('reports an invalid faultline.json once and falls back to defaults', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-cfg-'));
    try {
      writeFileSync(join(dir, 'faultline.json'), '{ "rulez": {} }');
      const shown: string[] = [];
      const fake = { window: { showErrorMessage: async (m: string) => void shown.push(m) }, console: { error() {} } } as unknown as Connection;
      const store = new ConfigStore(fake);
      store.setFolders([pathToFileURL(dir).href]);
      store.reloadFiles();
      const uri = pathToFileURL(join(dir, 'a.arch')).href;
      assert.deepEqual((await store.resolve(uri)).config, {});
      assert.equal(shown.length, 1);
      assert.match(shown[0]!, /unknown key "rulez"/);
      writeFileSync(join(dir, 'faultline.json'), '{ "rules": { "retry/no-timeout": "info" } }');
      store.reloadFiles();
      assert.deepEqual((await store.resolve(uri)).config, { rules: { 'retry/no-timeout': 'info' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('robustness while typing', () => {
  it('every feature answers on every prefix of a sample, with valid semantic tokens', () => {
    const sample = readFileSync(join(ROOT, 'samples/rule-gallery.arch'), 'utf8');
    const step = Math.max(1, Math.floor(sample.length / 150));
    for (let n = 0; n <= sample.length; n += step) {
      const text = sample.slice(0, n);
      const a = analyze(text);
      const lines = text.split('\n');
      const end = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
      completion(a, end);
      hover(a, end);
      definition(a, URI, end);
      documentSymbols(a);
      foldingRanges(a);
      const data = semanticTokens(a).data;
      let line = 0;
      let char = 0;
      for (let i = 0; i < data.length; i += 5) {
        const [dl, dc, len] = [data[i]!, data[i + 1]!, data[i + 2]!];
        assert.ok(dl >= 0 && len > 0);
        line += dl;
        char = dl === 0 ? char + dc : dc;
        assert.ok(char + len <= (lines[line] ?? '').length, `token past the line end at ${line}:${char}`);
      }
    }
  });
});

describe('blocks without a closing brace', () => {
  it('tells a deeper line (inside) from a sibling line (top level)', () => {
    const text = 'service a {\n  replicas 2\n  \nserv';
    const a = analyze(text);
    assert.ok(completion(a, { line: 2, character: 2 }).some((i) => i.label === 'zones'));
    assert.ok(completion(a, { line: 3, character: 4 }).some((i) => i.label === 'service'));
  });
});

describe('SPEC §5.1 vocabulary in completion and hover (from the property tables)', () => {
  const T = `region r { zones a, b }
client web "Browsers" { instances 100; load 50; call api.checkout { timeout 2s;  } }
service api {
  operation checkout { idempotent; calls  }
  call pay.charge { timeout 1s }
  reads cfg {  }
}
external pay { operation charge }
cluster cfg { replicas 3; consensus raft; election-quorum 2 }
queue q {
  
}

`;
  const a = analyze(T);
  const labels = (p: { line: number; character: number }) => completion(a, p).map((i) => i.label);
  const hoverText = (p: { line: number; character: number }) => (hover(a, p)!.contents as { value: string }).value;
  it('offers `client` as an element kind at the top level', () => {
    const items = completion(a, { line: T.split('\n').length - 1, character: 0 });
    const client = items.find((i) => i.label === 'client');
    assert.ok(client, items.map((i) => i.label).join());
    assert.match(String((client.documentation as { value: string }).value), /caller outside the system/);
  });
  it("offers a queue the leader-follower properties, and every deployable's capacity, scope and load", () => {
    const l = labels({ line: at(T, 'queue q {').line + 1, character: 2 });
    for (const p of ['replication', 'sync-followers', 'failover', 'election', 'election-quorum', 'promote', 'failover-scope', 'fencing', 'capacity', 'scope', 'load']) assert.ok(l.includes(p), p);
  });
  it('offers a client its properties, and the call block retry-budget', () => {
    assert.ok(labels(at(T, 'timeout 2s;  }', 12)).includes('retry-budget'));
  });
  it('offers read-index in a reads block, and the enum values of the new properties', () => {
    assert.ok(labels(at(T, 'reads cfg {  }', 12)).includes('read-index'));
  });
  it("offers an operation's `calls` the calls its service makes", () => {
    assert.deepEqual(labels(at(T, 'calls  }', 6)), ['pay.charge']);
  });
  it('hovers `client` as a kind and a client as an element', () => {
    assert.match(hoverText(at(T, 'client web', 1)), /^\*\*client\*\* — A caller outside the system/);
    assert.match(hoverText(at(T, 'web', 1)), /^\*\*client\*\* `web` — Browsers/);
  });
  it('hovers the new properties with their table descriptions, and the election math', () => {
    assert.match(hoverText(at(T, 'election-quorum', 1)), /\*\*election-quorum\*\* — property of cluster\n\nVotes a candidate needs to become leader/);
    assert.match(hoverText(at(T, 'cfg {', 1, 1)), /Election: a new leader needs 2 votes \(election-quorum\); promotes `in-sync` followers; failover-scope `any`/);
  });
});
