import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { restorableDiagramUri, type UriParts } from '../../../extension/client/workspace-paths';

/*
 * A diagram panel restored after a reload reopens the document named in the state its webview saved. That state is
 * the webview's, so it is not trusted: only an .arch document, and a file only inside an open workspace folder.
 */

interface FakeUri extends UriParts {
  readonly authority: string;
}

/** Like `vscode.Uri.parse(text, true)`: a scheme is required, the path is percent-decoded (and may fail to be). */
function parse(text: string): FakeUri {
  const m = /^([a-zA-Z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)/.exec(text);
  if (!m) throw new Error(`[UriError]: Scheme is missing: {scheme: "", path: "${text}"}`);
  return { scheme: m[1]!, authority: m[2] ?? '', path: decodeURIComponent(m[3]!) };
}

/** The workspace has one folder, /ws (locally and on the remote). */
const inWorkspace = (uri: FakeUri) => uri.path.startsWith('/ws/');
const decide = (raw: string | undefined) => restorableDiagramUri(raw, parse, inWorkspace);
const restored = (raw: string | undefined) => {
  const decision = decide(raw);
  return 'uri' in decision ? decision.uri.path : undefined;
};
const reason = (raw: string | undefined) => {
  const decision = decide(raw);
  return 'reason' in decision ? decision.reason : undefined;
};

describe('restoring a diagram panel from its saved state', () => {
  it('reopens an .arch file inside a workspace folder', () => {
    assert.equal(restored('file:///ws/shop.arch'), '/ws/shop.arch');
    assert.equal(restored('file:///ws/sub/Shop.ARCH'), '/ws/sub/Shop.ARCH');
    assert.equal(restored('vscode-remote://ssh-remote%2Bbox/ws/shop.arch'), '/ws/shop.arch');
  });

  it('does not reopen an .arch file outside the workspace folders', () => {
    assert.equal(restored('file:///home/someone/secret.arch'), undefined);
    assert.equal(reason('file:///home/someone/secret.arch'), 'not inside an open workspace folder');
    assert.equal(restored('vscode-remote://ssh-remote%2Bbox/etc/x.arch'), undefined);
    // A sibling whose name starts like the folder is not inside it.
    assert.equal(restored('file:///ws-other/x.arch'), undefined);
  });

  it('does not let .. segments climb out of a workspace folder', () => {
    assert.equal(restored('file:///ws/../etc/x.arch'), undefined);
    assert.equal(restored('file:///ws/%2E%2E/etc/x.arch'), undefined);
    assert.equal(restored('file:///ws/..%5Cetc/x.arch'), undefined);
    assert.equal(restored('file:///ws/./x.arch'), undefined);
    // `..` inside a name is not a segment.
    assert.equal(restored('file:///ws/a..b.arch'), '/ws/a..b.arch');
  });

  it('reopens an untitled document, which is in no folder', () => {
    assert.equal(restored('untitled:Untitled-1.arch'), 'Untitled-1.arch');
  });

  it('does not reopen another scheme', () => {
    for (const raw of ['http://example.com/ws/x.arch', 'vscode-vfs://github/ws/x.arch', 'command:/ws/x.arch', 'FILE:///ws/x.arch']) {
      assert.equal(restored(raw), undefined, raw);
    }
    assert.equal(reason('http://example.com/ws/x.arch'), "scheme 'http' is not restored");
  });

  it('does not reopen a file that is not .arch', () => {
    for (const raw of ['file:///ws/x.json', 'file:///ws/x.arch.txt', 'file:///ws/arch', 'untitled:Untitled-1']) {
      assert.equal(restored(raw), undefined, raw);
      assert.equal(reason(raw), 'not an .arch file', raw);
    }
  });

  it('does not reopen a malformed or missing URI', () => {
    assert.match(reason('/ws/x.arch') ?? '', /^not a URI/);
    assert.match(reason('file:///ws/%E0%A4%A.arch') ?? '', /^not a URI/);
    assert.equal(reason(undefined), 'the saved state names no document');
    assert.equal(reason(''), 'the saved state names no document');
  });

  it('asks the workspace only about files on disk', () => {
    const asked: string[] = [];
    restorableDiagramUri('untitled:a.arch', parse, (uri) => (asked.push(uri.path), false));
    restorableDiagramUri('file:///ws/a.json', parse, (uri) => (asked.push(uri.path), true));
    assert.deepEqual(asked, []);
  });
});
