// Electronegativity (Doyensec) over electron/: any finding fails `npm test`. Remaining ones are
// justified where they occur with an `eng-disable` comment. One check is left to our own test:
// CSP_GLOBAL_CHECK cannot read a policy imported from a module (it reports "failed to parse");
// electron/core/security/csp.test.ts checks the policy's text instead.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;

function scan(input) {
  const out = join(mkdtempSync(join(tmpdir(), 'custos-eng-')), 'findings.csv');
  const r = spawnSync('npx', ['electronegativity', '-i', input, '-o', out, '-r', '-v', 'false', '-e', electronVersion, '-x', 'CSPGlobalCheck'], { encoding: 'utf8' });
  try {
    return readFileSync(out, 'utf8').replace(/\r/g, '').trim().split('\n').slice(1).filter(Boolean);
  } catch {
    console.error(r.stdout, r.stderr);
    console.error(`electronegativity: the scan of ${input} did not run.`);
    process.exit(1);
  }
}

// The scanner must still see a known-insecure file before its silence on ours means anything.
const canary = scan('tests/security/fixtures');
if (canary.length < 3) {
  console.error(`electronegativity: only ${canary.length} finding(s) in the insecure fixture; the scanner is not working.`);
  process.exit(1);
}
const findings = scan('electron');
for (const f of findings) console.error(`  ${f}`);
console.log(`electronegativity: ${findings.length} finding(s) in electron/ (Electron ${electronVersion}; the insecure fixture gave ${canary.length})`);
process.exit(findings.length === 0 ? 0 : 1);
