import assert from 'node:assert/strict';

/*
 * A strict well-formedness check for the SVG we write (no XML parser among our dependencies): one root element,
 * tags balanced and properly nested, attribute values quoted and free of `<`, no raw `&` outside an entity, no
 * `<` in text except as markup, and only characters XML 1.0 allows. Enough to tell escaped text from injected
 * markup; no DTDs, processing instructions or CDATA, which our SVG never contains.
 */

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/;
// Tab, LF, CR and U+0020 up: no other C0 control, no lone surrogate, no U+FFFE/U+FFFF.
const BAD_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkText(text: string, where: number): void {
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
    assert.ok(ENTITY.test(text.slice(i, i + 12)), `a raw '&' at ${where + i}: ${JSON.stringify(text.slice(i, i + 20))}`);
  }
}

/** Throws (an assertion error naming the offset) unless `xml` is one well-formed element. */
export function assertWellFormedXml(xml: string): void {
  const bad = BAD_CHAR.exec(xml);
  assert.ok(!bad, `a character XML cannot carry at ${bad?.index}: U+${bad?.[0].charCodeAt(0).toString(16)}`);
  const open: string[] = [];
  let roots = 0;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    const text = xml.slice(i, textEnd);
    checkText(text, i);
    assert.ok(open.length > 0 || text.trim() === '', `text outside the root element at ${i}: ${JSON.stringify(text.slice(0, 40))}`);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      assert.ok(end >= 0, `an unterminated comment at ${i}`);
      assert.ok(!xml.slice(i + 4, end).includes('--'), `'--' inside a comment at ${i}`);
      i = end + 3;
      continue;
    }
    const closing = xml[i + 1] === '/';
    let j = i + (closing ? 2 : 1);
    const name = NAME.exec(xml.slice(j, j + 200))?.[0];
    assert.ok(name, `'<' that starts no tag at ${i}: ${JSON.stringify(xml.slice(i, i + 40))}`);
    j += name.length;
    if (closing) {
      while (/\s/.test(xml[j] ?? '')) j++;
      assert.equal(xml[j], '>', `a malformed end tag at ${i}`);
      assert.equal(open.pop(), name, `</${name}> at ${i} closes another element`);
      i = j + 1;
      continue;
    }
    const seen = new Set<string>();
    for (;;) {
      const space = /^\s*/.exec(xml.slice(j, j + 1000))![0].length;
      j += space;
      if (xml[j] === '>' || xml.startsWith('/>', j)) break;
      assert.ok(space > 0, `attributes run together in <${name}> at ${j}`);
      const attr = NAME.exec(xml.slice(j, j + 200))?.[0];
      assert.ok(attr, `a malformed attribute in <${name}> at ${j}: ${JSON.stringify(xml.slice(j, j + 40))}`);
      assert.ok(!seen.has(attr), `attribute ${attr} twice in <${name}> at ${j}`);
      seen.add(attr);
      j += attr.length;
      assert.equal(xml[j], '=', `attribute ${attr} without a value at ${j}`);
      const quote = xml[j + 1];
      assert.ok(quote === '"' || quote === "'", `attribute ${attr} unquoted at ${j}`);
      const end = xml.indexOf(quote, j + 2);
      assert.ok(end >= 0, `attribute ${attr} not closed at ${j}`);
      const value = xml.slice(j + 2, end);
      assert.ok(!value.includes('<'), `a '<' in attribute ${attr} at ${j}`);
      checkText(value, j + 2);
      j = end + 1;
    }
    const selfClosing = xml.startsWith('/>', j);
    if (open.length === 0) roots++;
    if (!selfClosing) open.push(name);
    i = j + (selfClosing ? 2 : 1);
  }
  assert.deepEqual(open, [], 'every element is closed');
  assert.equal(roots, 1, 'one root element');
}
