// `npm test`: every check the project has, in order, ending with one summary line
// ("custos: N passed, N failed, N skipped"). Stops at the first failing stage.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
mkdirSync('test-results', { recursive: true });

function run(label, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`  ${label}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

function count(file, pick) {
  if (!existsSync(file)) return;
  const c = pick(JSON.parse(readFileSync(file, 'utf8')));
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
}

function finish(ok) {
  console.log(`\ncustos: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(ok ? 0 : 1);
}

const stages = [
  ['install e2e prerequisites', 'bash', ['scripts/ensure-chromium.sh']],
  ['typecheck', 'npx', ['tsc', '-b', 'tsconfig.json']],
  ['lint', 'npx', ['eslint', '.', '--max-warnings=0']],
  ['Electron security scan (Electronegativity)', 'node', ['scripts/electronegativity.mjs']],
  ['production dependency advisories (npm audit)', 'node', ['scripts/audit-deps.mjs']],
  ['unit and integration tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']],
  ['build', 'npm', ['run', 'build']],
  ['packaged layout (vitest, on the build)', 'npx', ['vitest', 'run', '--config', 'vitest.packaged.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest-packaged.json']],
  ['end-to-end tests (Playwright, Chromium)', 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json' }],
];

for (const [label, cmd, args, env] of stages) {
  const ok = run(label, cmd, args, env);
  if (label.startsWith('unit') || label.startsWith('packaged')) {
    count(label.startsWith('unit') ? 'test-results/vitest.json' : 'test-results/vitest-packaged.json', (j) => ({ passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + (j.numTodoTests ?? 0) }));
  }
  if (label.startsWith('end-to-end')) {
    count('test-results/playwright.json', (j) => ({ passed: j.stats.expected + j.stats.flaky, failed: j.stats.unexpected, skipped: j.stats.skipped }));
  }
  if (!ok) finish(false);
}
finish(true);
