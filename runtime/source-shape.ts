// What a patch may not change: the code that ran once, at load (top-level statements, class
// member lists, exports). The "shape" of a source is its text with every function body blanked;
// two sources with the same shape differ only inside function bodies, which LiveEdit replaces.

/** The source with the inside of each function body (a block after `)` or `=>`) removed. */
export function sourceShape(source: string): string {
  let out = '';
  let depthBlanked = 0;
  const stack: boolean[] = []; // for each open brace: is it a blanked body?
  let lastSignificant = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    // Strings, template literals and comments are copied (or skipped) whole.
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      for (; j < source.length && source[j] !== c; j++) if (source[j] === '\\') j++;
      if (!depthBlanked) out += source.slice(i, j + 1);
      i = j;
      lastSignificant = c;
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      const j = source.indexOf('\n', i);
      i = j === -1 ? source.length : j - 1;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const j = source.indexOf('*/', i + 2);
      i = j === -1 ? source.length : j + 1;
      continue;
    }
    if (c === '{') {
      const body = lastSignificant === ')' || lastSignificant === '>';
      stack.push(body);
      if (body) {
        if (!depthBlanked) out += '{}';
        depthBlanked++;
      } else if (!depthBlanked) out += c;
      lastSignificant = c;
      continue;
    }
    if (c === '}') {
      const body = stack.pop();
      if (body) depthBlanked--;
      else if (!depthBlanked) out += c;
      lastSignificant = c;
      continue;
    }
    if (!depthBlanked) out += c;
    if (!/\s/.test(c)) lastSignificant = c === '>' && source[i - 1] === '=' ? '>' : c === '>' ? 'gt' : c;
  }
  return out.replace(/\s+/g, ' ').trim();
}
