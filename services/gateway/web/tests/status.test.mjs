// The status page's decisions (src/applicant/status.ts): which addresses hold an application's
// id, and how the SOP's eight steps stand for each standing. In Node, without a browser or a
// gateway: compiled with the TypeScript the app is built with (types dropped), as
// field-rules.test.mjs does. Run with the other tests: `node --test tests/`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const source = readFileSync(new URL('../src/applicant/status.ts', import.meta.url), 'utf8');
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
});
const dir = mkdtempSync(join(tmpdir(), 'ams-status-'));
writeFileSync(join(dir, 'status.mjs'), outputText);
const m = await import(pathToFileURL(join(dir, 'status.mjs')).href);

after(() => rmSync(dir, { recursive: true, force: true }));

const id = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';

test('an application id is taken as it is', () => {
  assert.equal(m.applicationIdOf(id), id);
  assert.equal(m.applicationIdOf('00000000-0000-4000-8000-000000000000'), '00000000-0000-4000-8000-000000000000');
});

test('an id in capitals still finds its application', () => {
  assert.equal(m.applicationIdOf(id.toUpperCase()), id);
  assert.equal(m.applicationIdOf(` ${id} `), id);
});

test('anything else is a broken link', () => {
  for (const raw of [
    '',
    'bukan-id',
    id.slice(0, 30), // cut short
    `${id}0`,
    id.replaceAll('-', ''),
    `${id}/linimasa`,
    `applications/${id}`,
    `${id}.`,
    id.replace('1b4e', 'zb4e'),
    `${id.slice(0, 35)}\u0660`, // an Arabic-Indic zero is no hex digit
  ]) {
    assert.equal(m.applicationIdOf(raw), undefined, raw);
  }
});

test('waiting: the steps before are done, the step is current, the rest to come', () => {
  assert.deepEqual(m.stepStates({ kind: 'waiting', step: 3 }), ['done', 'done', 'current', 'todo', 'todo', 'todo', 'todo', 'todo']);
  assert.deepEqual(m.stepStates({ kind: 'waiting', step: 8 }).slice(-2), ['done', 'current']);
});

test('returned goes back to step 1; completed is every step done; withdrawn and unknown show none', () => {
  assert.deepEqual(m.stepStates({ kind: 'returned' }), ['returned', 'todo', 'todo', 'todo', 'todo', 'todo', 'todo', 'todo']);
  assert.deepEqual(m.stepStates({ kind: 'completed' }), Array(8).fill('done'));
  assert.equal(m.stepStates({ kind: 'withdrawn' }), undefined);
  assert.equal(m.stepStates({ kind: 'unknown' }), undefined);
});

test('the SOP\'s standard times and who acts', () => {
  assert.deepEqual(m.stepNumbers.map((n) => m.standardMinutes[n]), [1, 3, 1, 3, 3, 1, 1, 1]);
  assert.deepEqual(m.stepNumbers.map((n) => m.actorOf[n]), [
    'agency', 'diskominfo', 'bsre', 'applicant', 'verifier', 'system', 'applicant', 'applicant',
  ]);
  assert.equal(m.isStepNumber(0), false);
  assert.equal(m.isStepNumber(9), false);
  assert.equal(m.isStepNumber(4), true);
});
