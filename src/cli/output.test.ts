import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderTable, verdict } from './output.ts';

const table = {
  headers: ['trail', 'verdict', 'reasons'],
  rows: [
    ['payments/a1', verdict(false, 'text'), 'unit-tests: 2 of 40 failed'],
    ['payments/b2222', verdict(true, 'text'), ''],
  ],
};

test('text tables align columns and do not pad the last one', () => {
  assert.equal(
    renderTable(table, 'text'),
    'TRAIL           VERDICT        REASONS\n' +
      'payments/a1     NOT compliant  unit-tests: 2 of 40 failed\n' +
      'payments/b2222  compliant\n',
  );
});

test('markdown tables escape pipes and backslashes and keep each cell on one line', () => {
  const rendered = renderTable(
    { headers: ['name', 'reasons'], rows: [['a|b', 'line one\nline two \\ end']] },
    'markdown',
  );
  assert.equal(rendered, '| name | reasons |\n| --- | --- |\n| a\\|b | line one line two \\\\ end |\n');
});

test('verdicts are words in every format; markdown adds an icon and bold', () => {
  assert.equal(verdict(true, 'json'), 'compliant');
  assert.equal(verdict(false, 'markdown'), '❌ **NOT compliant**');
  assert.equal(verdict(true, 'markdown'), '✅ compliant');
});
