// Where a YAML file's aliases blow up (audit row 5.8). The yaml library refuses a "billion laughs"
// (nine levels of nine aliases: 387 million values) with a bare "Excessive alias count" and no
// place; this finds the place to name: from the top, the branch whose aliases expand to the most
// values, down to the alias that pulls them in (`apps[0].args`). Sizes are counted, never built.
import type { Document, Node as YamlNode } from 'yaml';

type Segment = string | number;

export interface AliasBlowUp {
  at: Segment[];
  /** Values the branch at `at` expands to. */
  values: number;
}

/** The path to the alias (or value) that expands the most, and how much. */
export function largestExpansion(doc: Document): AliasBlowUp {
  const yaml = require('yaml') as typeof import('yaml');
  // Each alias points at the last node anchored with its name before it, in document order.
  const sourceOf = new Map<YamlNode, YamlNode>();
  const anchored = new Map<string, YamlNode>();
  yaml.visit(doc, {
    Node(_key, node) {
      if (yaml.isAlias(node)) {
        const source = anchored.get(node.source);
        if (source) sourceOf.set(node, source);
      } else if (node.anchor) anchored.set(node.anchor, node);
    },
  });
  const memo = new Map<YamlNode, number>();
  const size = (node: unknown): number => {
    if (!yaml.isNode(node)) return yaml.isPair(node) ? size(node.key) + size(node.value) : 1;
    const known = memo.get(node);
    if (known !== undefined) return known;
    memo.set(node, 1); // an alias to an enclosing node counts once, not forever
    let n = 1;
    if (yaml.isAlias(node)) n = size(sourceOf.get(node));
    else if (yaml.isCollection(node)) for (const item of node.items) n += size(item);
    memo.set(node, n);
    return n;
  };
  const at: Segment[] = [];
  let node: unknown = doc.contents;
  for (;;) {
    if (!yaml.isCollection(node)) break;
    let best: { node: unknown; seg: Segment; n: number } | null = null;
    node.items.forEach((item: unknown, i: number) => {
      const child = yaml.isPair(item) ? item.value : item;
      const key = yaml.isPair(item) ? (yaml.isScalar(item.key) ? String(item.key.value) : String(item.key)) : i;
      const n = size(child);
      if (!best || n > best.n) best = { node: child, seg: key, n };
    });
    if (!best) break;
    const { node: next, seg } = best as { node: unknown; seg: Segment };
    at.push(seg);
    node = next;
    if (yaml.isAlias(node)) break;
  }
  return { at, values: size(node) };
}
