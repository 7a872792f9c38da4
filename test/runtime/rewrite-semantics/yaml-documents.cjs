// yaml (from this folder's node_modules) on a fixed set of documents: parse, parseAllDocuments
// with its errors and warnings, and stringify back. First line: whether yaml runs instrumented.
const YAML = require('yaml');

const DOCS = [
  'a: 1\nb: [1, 2, 3]\nc: {d: e, f: [g, {h: i}]}\n',
  'anchors:\n  base: &base {x: 1, y: 2}\n  derived:\n    <<: *base\n    y: 3\n',
  '--- !!map\nstr: !!str 123\nint: !!int "42"\nfloat: 1.5e3\nbool: yes\nnull: ~\ndate: 2001-12-14t21:59:43.10-05:00\n',
  'block: |\n  line one\n  line two\nfolded: >-\n  folded\n  text\nquoted: "tab\\tand \\u00e9"\nsingle: \'it\'\'s\'\n',
  '---\nfirst: doc\n...\n---\nsecond: doc\n---\n- third\n- doc\n',
  '? complex key\n: complex value\n[a, b]: flow key\n',
  'bad: [unclosed\nother: value\n',
  'dup: 1\ndup: 2\n',
  '%YAML 1.2\n---\n- &a [1, 2]\n- *a\n- *undefined_alias\n',
  'key: value # comment\n# full line comment\nlist:\n- a # item\n-   b\n',
];
console.log(`instrumented ${String(YAML.parse).includes('__moult$')}`);
for (const [i, src] of DOCS.entries()) {
  const show = (f) => { try { return JSON.stringify(f()); } catch (err) { return `error ${err.name}: ${err.message}`; } };
  console.log(`${i} parse ${show(() => YAML.parse(src, { merge: true }))}`);
  console.log(`${i} all ${show(() => YAML.parseAllDocuments(src).map((d) => ({ js: d.toJS(), errors: d.errors.map((e) => e.code + ' ' + e.message), warnings: d.warnings.map((w) => w.code) })))}`);
  console.log(`${i} stringify ${show(() => YAML.stringify(YAML.parse(src, { merge: true }), { sortMapEntries: true }))}`);
  console.log(`${i} document ${show(() => String(YAML.parseDocument(src)))}`);
}
