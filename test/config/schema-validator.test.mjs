import fs from 'node:fs';
import test from 'ava';
import { createRequire } from 'node:module';
import { config } from './helpers.mjs';

const require = createRequire(import.meta.url);
const { SchemaValidator, formatPath } = require('../../dist/config/schema-validator.js');

test('the shipped schema is draft 2020-12 and refuses unknown fields everywhere', (t) => {
  const schema = JSON.parse(fs.readFileSync(config.SCHEMA_FILE, 'utf8'));
  t.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  const walk = (s, where) => {
    if (s.type === 'object' && s.additionalProperties === undefined) t.fail(`${where} allows unknown fields`);
    for (const [k, sub] of Object.entries(s.properties ?? {})) walk(sub, `${where}.${k}`);
    for (const [k, sub] of Object.entries(s.$defs ?? {})) walk(sub, `$defs.${k}`);
  };
  walk(schema, '');
  t.notThrows(() => new SchemaValidator(schema));
});

test('paths: dots for names, brackets for indexes and odd keys', (t) => {
  t.is(formatPath([]), '');
  t.is(formatPath(['apps', 1, 'instances']), 'apps[1].instances');
  t.is(formatPath(['apps', 0, 'env', 'MY-VAR']), 'apps[0].env["MY-VAR"]');
});

test('keywords outside the supported set are refused, not ignored', (t) => {
  t.throws(() => new SchemaValidator({ type: 'string', maxLength: 3 }), { message: /unsupported keyword "maxLength"/ });
  t.throws(() => new SchemaValidator({ $ref: '#/$defs/nope' }), { message: /does not resolve/ });
});

test('generic messages without x-message', (t) => {
  const v = new SchemaValidator({
    type: 'object',
    additionalProperties: false,
    properties: {
      mode: { enum: ['fork', 'cluster'] },
      list: { type: 'array', minItems: 2, items: { $ref: '#/$defs/small' } },
      either: { anyOf: [{ type: 'string' }, { type: 'boolean' }] },
      k: { const: 'x' },
    },
    $defs: { small: { type: 'integer', minimum: 0, maximum: 9 } },
  });
  t.deepEqual(v.validate({ mode: 'fork', list: [1, 2], either: true, k: 'x' }), []);
  t.deepEqual(v.validate({ mode: 'x', list: [10], either: 3, k: 'y' }), [
    { path: 'mode', message: 'expected one of "fork", "cluster", got "x"' },
    { path: 'list', message: 'expected at least 2 item(s)' },
    { path: 'list[0]', message: 'expected a number <= 9, got 10' },
    { path: 'either', message: 'expected a string or a boolean' },
    { path: 'k', message: 'expected "x", got "y"' },
  ]);
});
