// Markdown tables of a pm2-e2e results file (bench/pm2-e2e/run.mjs): one row per script, pass or
// fail and assertions ok/failed for each target, then every failed assertion by script.
// Usage: node bench/pm2-e2e/report.mjs [bench/results/pm2-e2e.json] [--baseline other.json]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { passesClaimed, unclaimedWhy } from './unclaimed.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function report(results, baseline) {
  const targets = Object.keys(results.summary);
  const cell = (r) => (r ? `${r.pass ? '**pass**' : 'fail'} ${r.ok}/${r.failed}` : '-');
  const head = ['script', ...targets.map((t) => `${t} (ok/failed)`), ...(baseline ? ['moult before (ok/failed)'] : [])];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const [script, by] of Object.entries(results.scripts)) {
    lines.push(`| ${script} | ${targets.map((t) => cell(by[t])).join(' | ')}${baseline ? ` | ${cell(baseline.scripts[script]?.moult)}` : ''} |`);
  }
  const sum = (s) => `${s.passed}/${s.scripts} scripts${s.passed_claimed !== undefined ? ` (${s.passed_claimed} on the claimed set)` : ''}, assertions ${s.assertions_ok} ok / ${s.assertions_failed} failed`;
  const total = targets.map((t) => `${t}: ${sum(results.summary[t])}`);
  if (baseline?.summary?.moult) total.push(`moult before: ${sum(baseline.summary.moult)}`);
  const failures = [];
  for (const [script, by] of Object.entries(results.scripts)) {
    for (const t of targets) {
      const r = by[t];
      if (!r || r.pass) continue;
      const failed = r.assertions.filter((a) => !a.ok).map((a) => {
        const why = a.line !== undefined ? unclaimedWhy(script, a.line) : null;
        return `"${a.text || '(unnamed)'}"${a.line !== undefined ? ` (line ${a.line}${why ? `, not claimed: ${why}` : ''})` : ''}`;
      });
      const claimed = passesClaimed(script, r) ? ' [passes the claimed set]' : '';
      failures.push(`- ${t} ${script}${claimed}: ${failed.length ? failed.join(', ') : `no assertion failed; exit ${r.exit}`}`);
    }
  }
  return `${total.join('; ')}\n\n${lines.join('\n')}\n\nFailed assertions:\n${failures.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { baseline: { type: 'string' } } });
  const file = positionals[0] ?? path.join(ROOT, 'bench', 'results', 'pm2-e2e.json');
  const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
  process.stdout.write(report(read(file), values.baseline ? read(values.baseline) : undefined));
}
