import fs from 'node:fs';
import test from 'ava';
import { config, durationModule } from './helpers.mjs';

const { parseDuration } = config;

test('parses milliseconds and unit strings', (t) => {
  const cases = [
    [0, 0], [1600, 1600], [12.4, 12], ['0', 0], ['250', 250], ['500ms', 500], ['2s', 2000],
    ['1.5s', 1500], ['0.3s', 300], ['1m', 60000], ['1h', 3600000], [' 2 s ', 2000], ['10ms', 10],
  ];
  for (const [input, ms] of cases) t.is(parseDuration(input), ms, JSON.stringify(input));
});

test('throws on bad durations', (t) => {
  for (const bad of [-1, NaN, Infinity, '', ' ', '-1s', '2 secs', '1d', 's', '1.s', '.5s', '1e3', '2S', 'ms']) {
    t.throws(() => parseDuration(bad), undefined, JSON.stringify(bad));
  }
  for (const bad of [null, undefined, true, {}, []]) t.throws(() => parseDuration(bad), { instanceOf: TypeError });
});

test('the schema pattern and parseDuration agree', (t) => {
  const schema = JSON.parse(fs.readFileSync(config.SCHEMA_FILE, 'utf8'));
  const pattern = new RegExp(schema.$defs.duration.oneOf[1].pattern, 'u');
  for (const s of ['500ms', '2s', '1m', '1h', '1.5s', '7', ' 3 ms ', '2 secs', '1d', '', '-1s', '.5s']) {
    let parses = true;
    try { parseDuration(s); } catch { parses = false; }
    t.is(pattern.test(s), parses, s);
  }
});

test('formatDuration reads back', (t) => {
  const { formatDuration } = durationModule;
  t.is(formatDuration(500), '500ms');
  t.is(formatDuration(1500), '1.5s');
  t.is(formatDuration(60000), '1m');
  t.is(formatDuration(7200000), '2h');
});
