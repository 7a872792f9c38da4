// A latency-over-time chart as a hand-written SVG: per 100 ms bucket the max and the median
// latency of the requests that completed in it, failed requests as red ticks, and the change
// (from the command's start to its end) as a shaded band with a line at its start.
const W = 720;
const H = 260;
const PAD = { l: 52, r: 16, t: 30, b: 34 };

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

export function latencyChart({ title, buckets, bucketMs, durationMs, change, errors }) {
  const yMax = Math.max(10, ...buckets.map((b) => b.max ?? 0)) * 1.1;
  const x = (ms) => PAD.l + (ms / durationMs) * (W - PAD.l - PAD.r);
  const y = (v) => H - PAD.b - (v / yMax) * (H - PAD.t - PAD.b);
  const line = (key) => buckets.filter((b) => b[key] !== null).map((b) => `${x(b.at + bucketMs / 2).toFixed(1)},${y(b[key]).toFixed(1)}`).join(' ');
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round((yMax / 1.1) * f));
  const xTicks = Array.from({ length: Math.floor(durationMs / 1000) + 1 }, (_, i) => i * 1000);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">
<rect width="${W}" height="${H}" fill="#fff"/>
<text x="${PAD.l}" y="18" font-size="13" font-weight="bold">${esc(title)}</text>
<rect x="${x(change.startMs).toFixed(1)}" y="${PAD.t}" width="${Math.max(1, x(Math.min(change.endMs, durationMs)) - x(change.startMs)).toFixed(1)}" height="${H - PAD.t - PAD.b}" fill="#f5d76e" opacity="0.35"/>
<line x1="${x(change.startMs).toFixed(1)}" x2="${x(change.startMs).toFixed(1)}" y1="${PAD.t}" y2="${H - PAD.b}" stroke="#d4a000" stroke-width="1.5"/>
<text x="${(x(change.startMs) + 4).toFixed(1)}" y="${PAD.t + 12}" fill="#8a6d00">${esc(change.label)}</text>
${yTicks.map((v) => `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eee"/><text x="${PAD.l - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`).join('\n')}
${xTicks.map((t) => `<text x="${x(t).toFixed(1)}" y="${H - PAD.b + 14}" text-anchor="middle">${t / 1000}s</text>`).join('\n')}
<text x="14" y="${(PAD.t + H - PAD.b) / 2}" transform="rotate(-90 14 ${(PAD.t + H - PAD.b) / 2})" text-anchor="middle">latency (ms)</text>
<polyline points="${line('max')}" fill="none" stroke="#c0392b" stroke-width="1.2"/>
<polyline points="${line('p50')}" fill="none" stroke="#2c7fb8" stroke-width="1.5"/>
${[...new Set(errors.map((ms) => x(ms).toFixed(0)))].map((px) => `<line x1="${px}" x2="${px}" y1="${H - PAD.b}" y2="${H - PAD.b - 8}" stroke="#e00"/>`).join('\n')}
<text x="${W - PAD.r}" y="18" text-anchor="end"><tspan fill="#c0392b">max</tspan> · <tspan fill="#2c7fb8">median</tspan> per ${bucketMs} ms · <tspan fill="#e00">failed: ${errors.length}</tspan></text>
</svg>
`;
}
