import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeMarkdown } from '../../../extension/server/hover';

describe('hover: the author\'s text is text', () => {
  it('escapes links, images and HTML in titles and descriptions', () => {
    const shown = escapeMarkdown('[click](http://evil.example) ![x](http://evil.example/x.png) <img src=x>');
    assert.ok(!/(^|[^\\])\[/.test(shown), 'no unescaped [');
    assert.ok(!/(^|[^\\])</.test(shown), 'no unescaped <');
    assert.equal(shown.replace(/\\(.)/g, '$1'), '[click](http://evil.example) ![x](http://evil.example/x.png) <img src=x>');
  });
});
