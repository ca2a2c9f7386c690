/**
 * The one string order of the code base: by Unicode code point, the same on every machine. Never `localeCompare`
 * (its order depends on the ICU data and locale of the process) and never the bare `<` of UTF-16 code units (which
 * puts U+E000–U+FFFF after astral characters). Two strings compare equal only when they are identical.
 */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // At the first differing unit the code points differ too; reading the code point there orders a surrogate pair
    // (≥ U+10000) after any BMP character. Both at a low surrogate means the same high surrogate before it.
    return a.codePointAt(i)! - b.codePointAt(i)!;
  }
  return a.length - b.length;
}
