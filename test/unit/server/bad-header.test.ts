import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { FramingGuard } from '../../../extension/server/framing-guard';
import { ROOT, withTimeout } from './lsp-client';

const TSX = import.meta.resolve('tsx');
const CLI = resolve(ROOT, 'cli/main.ts');

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const INITIALIZE = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });

/** Feeds `chunks` through the guard; returns what came out and what it reported. */
async function guard(chunks: string[]): Promise<{ out: string; problems: string[] }> {
  const problems: string[] = [];
  const g = new FramingGuard((m) => problems.push(m));
  let out = '';
  g.on('data', (d: Buffer) => (out += d.toString('latin1')));
  const done = new Promise((r) => g.on('end', r));
  Readable.from(chunks.map((c) => Buffer.from(c, 'latin1'))).pipe(g);
  await done;
  return { out, problems };
}

describe('language server: malformed message headers', () => {
  it('the guard passes good frames through unchanged, split anywhere', async () => {
    const two = frame('{"a":1}') + frame('{"b":"ü"}');
    for (let cut = 0; cut <= two.length; cut += 3) {
      const { out, problems } = await guard([two.slice(0, cut), two.slice(cut)]);
      assert.equal(out, two);
      assert.deepEqual(problems, []);
    }
  });

  for (const [name, bad] of [
    ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}'],
    ['a header line without a colon', 'Garbage\r\n\r\n'],
    ['no Content-Length at all', 'Content-Type: x\r\n\r\n'],
    ['a negative length', 'Content-Length: -5\r\n\r\n'],
  ]) {
    it(`the guard drops ${name} and resyncs on the next header`, async () => {
      const { out, problems } = await guard([bad + frame('{"ok":1}')]);
      assert.equal(out, frame('{"ok":1}'));
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /malformed message header/);
    });
  }

  it('the guard bounds a header that never ends', async () => {
    const { out, problems } = await guard(['X'.repeat(100_000), frame('{"ok":1}')]);
    assert.equal(out, frame('{"ok":1}'));
    assert.equal(problems.length, 1);
  });

  it('`faultline lsp --stdio` logs a bad header to stderr and still answers the next request', async () => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, 'lsp', '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    try {
      child.stdin.write('Content-Length: abc\r\n\r\n{}');
      child.stdin.write(frame(INITIALIZE));
      const answered = new Promise<void>((done) => {
        const poll = () => (/"id":1,"result":\{"capabilities"/.test(stdout) ? done() : setTimeout(poll, 20));
        poll();
      });
      await withTimeout(answered, 15_000, 'the initialize response');
      assert.match(stderr, /malformed message header/);
    } finally {
      child.kill();
    }
  });
});
