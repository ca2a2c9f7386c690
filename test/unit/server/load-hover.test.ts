import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache, type Analysis } from '../../../extension/server/documents';
import { hover } from '../../../extension/server/hover';
import { at } from './lsp-client';

/* SPEC §5.2 in the hover: the peak load reaching an element, its capacity, what losing its biggest zone leaves. */

const URI = 'file:///w/load.arch';
const cache = new AnalysisCache(() => ({ config: {}, key: '{}' }));
let version = 0;
function analyze(text: string): Analysis {
  return cache.get(TextDocument.create(URI, 'arch', ++version, text));
}
const hoverText = (a: Analysis, p: { line: number; character: number }) => (hover(a, p)!.contents as { value: string }).value;

const TEXT = `region us-east { zones a, b, c }
client mobile { instances 200000; load 700; call edge { timeout 5s; retry 3; idempotency-key request_id } }
client web { load 100; call edge { timeout 5s } }
gateway edge { replicas 3; zones a, b, c; capacity 5000; routes api }
service api { replicas 3; zones a, b, c; capacity 300; reads db }
store db { replicas 3; zones a, b, c }
service cell-a { replicas 2; zones a; scope zonal; capacity 50 }
`;

describe('hover: load and capacity', () => {
  const a = analyze(TEXT);
  it('an element: the peak load with and without retries and where from, its capacity, and the largest zone lost', () => {
    const value = hoverText(a, at(TEXT, 'api {', 1));
    assert.match(value, /\*\*Load\*\*/);
    assert.match(value, /- peak load reaching it: 800 req\/s \(2,900 req\/s with retries\) from `mobile` \(700 req\/s\) and `web` \(100 req\/s\)/);
    assert.match(value, /- capacity: 3 × 300 req\/s = 900 req\/s — below the peak with retries/);
    assert.match(value, /- losing `a` \(1 of 3 replicas, the most in one zone\) leaves 2 × 300 req\/s = 600 req\/s: \*\*below the peak load\*\* ✗/);
  });
  it('one that carries the load, one without capacity, a client, a zonal cell', () => {
    assert.match(hoverText(a, at(TEXT, 'edge {', 1)), /leaves 2 × 5,000 req\/s = 10,000 req\/s: carries the peak ✓/);
    assert.match(hoverText(a, at(TEXT, 'db {', 1)), /- peak load reaching it: 800 req\/s \(2,900 req\/s with retries\) from `mobile` \(700 req\/s\) and `web` \(100 req\/s\)\n- capacity: not declared/);
    assert.match(hoverText(a, at(TEXT, 'mobile {', 1)), /\*\*Load\*\* — sends 700 req\/s at peak from 200,000 instances/);
    assert.match(hoverText(a, at(TEXT, 'cell-a {', 1)), /- capacity: 2 × 50 req\/s = 100 req\/s\n- losing `a` \(every replica\) leaves nothing \(`scope zonal`: by design\)/);
  });
  it('no load section where neither load nor capacity is declared', () => {
    const text = `service api { replicas 3 }\n`;
    assert.doesNotMatch(hoverText(analyze(text), at(text, 'api', 1)), /Load/);
  });
});
