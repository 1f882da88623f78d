import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules from docs/architecture.md, checked on the source itself (the lint rule says
 * the same; this test keeps them even if the lint config drifts).
 */
const ROOT = resolve(__dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const p = join(ROOT, dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(relative(ROOT, p)));
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(relative(ROOT, p));
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const NODE = /^(node:|fs$|path$|os$|child_process$|crypto$|http$|https$|net$|url$|worker_threads$)/;

describe('layer boundaries', () => {
  it('electron/core and cloud never import electron', () => {
    const offenders = [...sources('electron/core'), ...sources('cloud')].filter((f) => importsOf(f).some((i) => i === 'electron' || i.startsWith('electron/')));
    expect(offenders).toEqual([]);
  });

  it('the renderer imports no Node module, no electron and no main-side code', () => {
    const offenders = sources('renderer').flatMap((f) => importsOf(f).filter((i) => NODE.test(i) || i === 'electron' || /(^|\/)(electron|cloud)\//.test(i)).map((i) => `${f}: ${i}`));
    expect(offenders).toEqual([]);
  });

  it('shared/ imports only zod and other shared files', () => {
    const offenders = sources('shared').flatMap((f) => importsOf(f).filter((i) => !(i === 'zod' || i.startsWith('./'))).map((i) => `${f}: ${i}`));
    expect(offenders).toEqual([]);
  });

  it('finds the files it checks (guards against a vacuous pass)', () => {
    expect(sources('electron/core').length).toBeGreaterThan(5);
    expect(sources('shared').length).toBeGreaterThan(3);
  });
});
