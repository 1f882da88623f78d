import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One figure of `npm run bench`, always beside a baseline measured in the same run. */
export interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  baseline: number;
  baselineLabel: string;
  /** How the figure compares with its baseline (which way is better is in `ratioMeaning`). */
  ratio: number;
  ratioMeaning: string;
  target: string;
  /** null: not measurable at this scale (targets are set for L). */
  met: boolean | null;
  rows?: number;
}

export const p95 = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? 0;

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

export function timeSync<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

export const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

export function writeReport(dir: string, meta: Record<string, unknown>, results: readonly BenchResult[]): string {
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ ...meta, results }, null, 2) + '\n');
  const lines = [
    `# Benchmarks (${Object.entries(meta).map(([k, v]) => `${k}: ${String(v)}`).join(', ')})`,
    '',
    '| suite | figure | value | baseline (same run) | ratio | target | met |',
    '|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.suite} | ${r.name}${r.rows ? ` (${r.rows.toLocaleString('en')} rows)` : ''} | ${r.value} ${r.unit} | ${r.baseline} ${r.unit} — ${r.baselineLabel} | ${r.ratio} (${r.ratioMeaning}) | ${r.target} | ${r.met === null ? 'n/a at this scale' : r.met ? 'yes' : '**no**'} |`,
    ),
  ];
  const md = lines.join('\n') + '\n';
  writeFileSync(join(dir, 'results.md'), md);
  return md;
}
