// The forms' text rules (src/common/field-rules.ts: the applicant's activation form and the
// agency's application form) against the shared rule file (common/field_rules.json), in Node
// without a browser or a gateway: the module is compiled with the TypeScript the app is built
// with (transpileModule: types dropped, nothing else changed), its one import pointed at the
// JSON file, and imported from a temporary directory.
// Run with the other tests: `node --test tests/` (ctest: gateway_browser_test).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const source = readFileSync(new URL('../src/common/field-rules.ts', import.meta.url), 'utf8');
const rulesUrl = new URL('../../../../common/field_rules.json', import.meta.url);
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
});
const js = outputText.replace(/(from\s+)["'][^"']*field_rules\.json["']/, `$1${JSON.stringify(rulesUrl.href)}`);
assert.notEqual(js, outputText, 'field-rules.ts imports common/field_rules.json');
const dir = mkdtempSync(join(tmpdir(), 'ams-field-rules-'));
writeFileSync(join(dir, 'field-rules.mjs'), js);
const m = await import(pathToFileURL(join(dir, 'field-rules.mjs')).href);
const json = JSON.parse(readFileSync(rulesUrl, 'utf8'));

after(() => rmSync(dir, { recursive: true, force: true }));

const { address, city, province } = m.activationRules;
const check = (value, rule = address) => m.fieldRules.check(value, rule);

test('the limits are the JSON file\'s', () => {
  assert.equal(address.max_chars, json.activation.address.max_chars);
  assert.equal(city.max_chars, json.activation.city.max_chars);
  assert.equal(province.max_chars, json.activation.province.max_chars);
});

test('the application form\'s limits are the JSON file\'s', () => {
  assert.deepEqual(m.applicationFields, ['full_name', 'position', 'work_unit', 'superior_name']);
  for (const f of m.applicationFields) {
    assert.equal(m.applicationRules[f].max_chars, json.application[f].max_chars, f);
  }
  const name = m.applicationRules.full_name;
  assert.equal(check('Dr. Rini Astuti Handayani, S.Kep.', name), undefined);
  assert.equal(check('a'.repeat(name.max_chars), name), undefined);
  assert.deepEqual(check('a'.repeat(name.max_chars + 1), name), { kind: 'tooLong', max: name.max_chars, length: name.max_chars + 1 });
  assert.deepEqual(check('Rini \u202EAstuti', name), { kind: 'forbidden', codePoint: 'U+202E' });
  assert.deepEqual(check('   ', m.applicationRules.superior_name), { kind: 'required' });
});

test('ordinary addresses pass', () => {
  for (const value of ['Jl. Pemuda No. 12, RT 03/RW 05, Panjer', 'Kebumen', 'Jawa Tengah', 'Gg. Mawar 7 — Desa Karangsari', 'Dusun Kliwon, 54311']) {
    assert.equal(check(value), undefined, value);
  }
});

test('blank is required', () => {
  assert.deepEqual(check(''), { kind: 'required' });
  assert.deepEqual(check(' \t\n\u00a0'), { kind: 'required' });
});

test('forbidden code points are named', () => {
  const cases = {
    'Jl. \u202EMawar': 'U+202E', // RIGHT-TO-LEFT OVERRIDE (Cf, Bidi_Control)
    'Jl.\u0007 Mawar': 'U+0007', // Cc
    'Jl. Mawar\u2028 7': 'U+2028', // Zl
    'Jl. Mawar\u2029': 'U+2029', // Zp
    '\uFEFFJl. Mawar': 'U+FEFF', // Cf
    'Jl. \uE000Mawar': 'U+E000', // Co
    'Jl. \u0378Mawar': 'U+0378', // Cn (unassigned)
    'Jl. \u{F0000}Mawar': 'U+F0000', // Co, outside the BMP
    'Jl.\u061C Mawar': 'U+061C', // ARABIC LETTER MARK (Bidi_Control)
    'Jl. Mawar\nNo. 7': 'U+000A', // a line break is Cc too
  };
  for (const [value, codePoint] of Object.entries(cases)) {
    assert.deepEqual(check(value), { kind: 'forbidden', codePoint }, JSON.stringify(value));
    assert.equal(m.fieldRules.firstForbidden(value), codePoint);
  }
});

test('the zero-width joiner and non-joiner are allowed', () => {
  assert.deepEqual(json.text.allowed_code_points, [0x200c, 0x200d]);
  assert.equal(check('Jl. Mawar\u200c\u200d 7'), undefined);
  // …but not their neighbours in Cf.
  assert.deepEqual(check('Jl. Mawar\u200b 7'), { kind: 'forbidden', codePoint: 'U+200B' });
  assert.deepEqual(check('Jl. Mawar\u200e 7'), { kind: 'forbidden', codePoint: 'U+200E' });
});

test('length counts code points after NFC', () => {
  assert.equal(check('a'.repeat(address.max_chars)), undefined);
  assert.deepEqual(check('a'.repeat(address.max_chars + 1)), { kind: 'tooLong', max: address.max_chars, length: address.max_chars + 1 });
  // "e" + combining acute: two code points, one after NFC.
  assert.equal(check('e\u0301'.repeat(city.max_chars), city), undefined);
  // Outside the BMP: two UTF-16 units, one code point.
  assert.equal(check('😀'.repeat(city.max_chars), city), undefined);
  assert.equal(check('😀'.repeat(city.max_chars + 1), city).kind, 'tooLong');
  assert.equal(m.codePointLength('e\u0301😀'), 2);
});

test('the pattern takes property names only', () => {
  assert.throws(() => m.forbiddenPattern({ forbidden_general_categories: ['Cc}]|.'], forbidden_binary_properties: [], allowed_code_points: [] }));
  const none = m.forbiddenPattern({ forbidden_general_categories: [], forbidden_binary_properties: [], allowed_code_points: [] });
  assert.equal(none.test('\u202E'), false);
});

test('values are sent trimmed and in NFC', () => {
  assert.equal(m.cleanText('  Jl. Pe\u0301muda 1 \n'), 'Jl. P\u00e9muda 1');
});
