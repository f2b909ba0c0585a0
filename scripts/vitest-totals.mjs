#!/usr/bin/env node
/**
 * Sums vitest's per-package totals from a log of `npm test` (turbo prefixes each line with
 * `<package>:test:`) and prints one line per package, then a last line `N passed, N failed`.
 *
 *   node scripts/vitest-totals.mjs test.log
 *
 * Exits 0 whatever the counts: the exit code of the test run itself is what decides.
 */
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/vitest-totals.mjs <log file>');
  process.exit(2);
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences are what this removes.
const ansi = /\u001b\[[0-9;?]*[A-Za-z]/g;
const lines = readFileSync(file, 'utf8').replace(ansi, '').split(/\r?\n/);

/** `12 passed | 1 failed | 2 skipped` → { passed: 12, failed: 1, skipped: 2 } */
function counts(text) {
  const out = {};
  for (const m of text.matchAll(/(\d+)\s+([a-z]+)/g)) out[m[2]] = (out[m[2]] ?? 0) + Number(m[1]);
  return out;
}

const perPackage = new Map();
const entry = (name) => {
  if (!perPackage.has(name)) perPackage.set(name, { passed: 0, failed: 0, skipped: 0, todo: 0, failedFiles: 0 });
  return perPackage.get(name);
};
for (const line of lines) {
  // `@spikegpu/core:test:       Tests  1 failed | 82 passed (83)`; without turbo's prefix when run directly.
  const m = /^(?:(\S+?):test:)?\s*(Tests|Test Files)\s+(.*?)\s*\(\d+\)\s*$/.exec(line);
  if (!m) continue;
  const e = entry(m[1] ?? '(tests)');
  const c = counts(m[3]);
  if (m[2] === 'Tests') {
    e.passed += c.passed ?? 0;
    e.failed += c.failed ?? 0;
    e.skipped += c.skipped ?? 0;
    e.todo += c.todo ?? 0;
  } else {
    e.failedFiles += c.failed ?? 0;
  }
}

let passed = 0;
let failed = 0;
let failedFiles = 0;
if (perPackage.size === 0) console.log('no vitest summaries found in the log');
for (const [name, e] of perPackage) {
  const extra = [e.skipped && `${e.skipped} skipped`, e.todo && `${e.todo} todo`, e.failedFiles && `${e.failedFiles} test file(s) failed`].filter(Boolean);
  console.log(`  ${name.padEnd(28)} ${String(e.passed).padStart(5)} passed, ${e.failed} failed${extra.length ? ` (${extra.join(', ')})` : ''}`);
  passed += e.passed;
  failed += e.failed;
  failedFiles += e.failedFiles;
}
if (failedFiles > 0) console.log(`${failedFiles} test file(s) failed to run; their tests are not counted below`);
console.log(`${passed} passed, ${failed} failed`);
