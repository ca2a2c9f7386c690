import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from '../../../extension/server/documents';
import { escapeMarkdown, hover } from '../../../extension/server/hover';

/*
 * Issue 13: a title or description is text in the hover. VS Code renders hover Markdown with GFM autolinks, so a
 * bare URL becomes a clickable link even with every bracket escaped: `https://2130706433/` (127.0.0.1 written as a
 * number, no dot to escape) or `http://localhost:8080/admin`. An autolink needs `scheme://` or `www.` written out;
 * escaping `:` (and `.`) leaves neither, and CommonMark shows `\:` as `:`.
 */

const URLS = ['https://2130706433/x', 'http://localhost:8080/admin', 'ftp://10.0.0.1/f', 'www.evil.example', 'https://evil.example/a?b=c'];

/** What GFM autolinking (marked's `url` rule, markdown-it's linkify) starts a link at, outside a backslash escape. */
const AUTOLINK_START = /(?:^|[^\\])(?:\b(?:https?|ftp):\/\/|\bwww\.)/i;

describe('hover: a bare URL in the author\'s text is not a link', () => {
  it('escapes the `:` of a scheme and the `.` of `www.`, and still reads as written', () => {
    for (const url of URLS) {
      const shown = escapeMarkdown(`see ${url} now`);
      assert.doesNotMatch(shown, AUTOLINK_START, shown);
      assert.equal(shown.replace(/\\(.)/g, '$1'), `see ${url} now`);
    }
  });

  it('in an element\'s hover (title and description)', () => {
    const text = `service api "open https://2130706433/x" {\n  replicas 3; description "admin at http://localhost:8080/admin"\n}\n`;
    const cache = new AnalysisCache(() => ({ config: {}, key: '{}' }));
    const analysis = cache.get(TextDocument.create('file:///w/links.arch', 'arch', 1, text));
    const value = (hover(analysis, { line: 0, character: 9 })?.contents as { value: string }).value;
    assert.match(value, /2130706433/);
    assert.match(value, /localhost/);
    assert.doesNotMatch(value, AUTOLINK_START, value);
  });
});
