// Random programs for the rewrite's fuzz test: eslump (shift-fuzzer's random ASTs printed with
// random parentheses, whitespace, line terminators, comments and optional semicolons), made
// reproducible by a seed: Math.random is a seeded generator (mulberry32) while one is generated.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { generateRandomJS } = require('eslump');

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The program of one seed: a script for even seeds, a module for odd ones. */
export function programOf(seed) {
  const random = Math.random;
  Math.random = mulberry32(seed);
  try {
    const type = seed % 2 ? 'module' : 'script';
    return { type, code: generateRandomJS({ sourceType: type, maxDepth: 7, comments: true, whitespace: true }) };
  } finally {
    Math.random = random;
  }
}
