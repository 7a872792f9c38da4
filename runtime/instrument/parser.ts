// The parser (meriyah), one copy per process, loaded on its first use: a start that finds every
// module in the instrumentation cache never parses, and the parser (300 KB of code) was a fifth of
// the preload's own start-up cost. Every use in the runtime goes through loadParser(): an
// `import { parse } from 'meriyah'` elsewhere loads a second copy, the ES build (Node 20.19+ picks
// it through the `module-sync` condition), compiled again at the first patch (measured 8-10 ms of
// CPU in the patch's turn, Node 20 and 26) and at a cold start's first rewrite.
import type { parse as Parse } from 'meriyah';

let parse: typeof Parse | null = null;

/**
 * Loads the parser (once): its CommonJS build, which Node compiles in one piece (measured 6.5 ms
 * of CPU, against 9 ms for the ES build, which Node loads by way of its ES module loader).
 */
export function loadParser(): typeof Parse {
  if (parse) return parse;
  try {
    parse = (require(require.resolve('meriyah').replace(/meriyah\.m?js$/, 'meriyah.cjs')) as typeof import('meriyah')).parse;
  } catch {
    parse = (require('meriyah') as typeof import('meriyah')).parse;
  }
  return parse;
}
