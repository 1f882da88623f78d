import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/errors.js';
import { LANGUAGES } from '../../../shared/contract.js';
import { frenchTypographyProblems } from '../../../shared/typography.js';
import en from './locales/en.json';
import fr from './locales/fr.json';
import zhCN from './locales/zh-CN.json';

type Tree = { [key: string]: string | Tree };

const locales: Record<string, Tree> = { en, fr, 'zh-CN': zhCN };

/** Flattens nested keys to `a.b.c` → value. */
function flatten(tree: Tree, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') flatten(value, path, out);
    else out.set(path, value);
  }
  return out;
}

const flat = Object.fromEntries(Object.entries(locales).map(([lng, tree]) => [lng, flatten(tree)]));

/** Renderer sources, read as text through Vite's glob import (the renderer never touches fs). */
const sources = import.meta.glob<string>(['../**/*.tsx', '../**/*.ts', '!../**/*.test.ts', '!../**/*.test.tsx'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Literal keys in t('…'), t("…") and i18nKey="…". Template literals (t(`org.status.${s}`)) are not literal and are covered by the parity check. */
function usedKeys(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const re = /\bt\(\s*(['"])([A-Za-z0-9_.-]+)\1|i18nKey=(['"])([A-Za-z0-9_.-]+)\3/g;
  for (const [file, text] of Object.entries(sources)) {
    for (const m of text.matchAll(re)) {
      const key = m[2] ?? m[4];
      if (!key) continue;
      const files = found.get(key) ?? [];
      files.push(file);
      found.set(key, files);
    }
  }
  return found;
}

describe('locales', () => {
  it('cover every supported language', () => {
    expect(Object.keys(locales).sort()).toEqual([...LANGUAGES].sort());
  });

  for (const [lng, keys] of Object.entries(flat)) {
    for (const [other, otherKeys] of Object.entries(flat)) {
      if (lng === other) continue;
      it(`${other} has every key of ${lng}, non-empty`, () => {
        const missing = [...keys.keys()].filter((k) => {
          const v = otherKeys.get(k);
          return typeof v !== 'string' || v.trim() === '';
        });
        expect(missing).toEqual([]);
      });
    }
  }

  it('have no empty strings', () => {
    for (const [lng, keys] of Object.entries(flat)) {
      const empty = [...keys].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => `${lng}:${k}`);
      expect(empty).toEqual([]);
    }
  });

  it('translate every error code', () => {
    const missing = [...ERROR_CODES, 'HOST_UNREACHABLE', 'unknown'].filter((code) => !flat.en!.has(`errors.${code}`));
    expect(missing).toEqual([]);
  });

  it('contain every literal t() key used in the renderer sources', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(5);
    const used = usedKeys();
    expect(used.size).toBeGreaterThan(20);
    // A key used with { count } may exist only in its plural forms (key_one, key_other).
    const missing = [...used].filter(([key]) => !flat.en!.has(key) && !flat.en!.has(`${key}_other`)).map(([key, files]) => `${key} (${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('use the same interpolation variables in every language', () => {
    const vars = (s: unknown) => (typeof s === 'string' ? [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort() : []);
    const mismatched: string[] = [];
    for (const [key, value] of flat.en!) {
      for (const lng of Object.keys(flat)) {
        if (JSON.stringify(vars(flat[lng]!.get(key))) !== JSON.stringify(vars(value))) mismatched.push(`${lng}:${key}`);
      }
    }
    expect(mismatched).toEqual([]);
  });
});

describe('French typography', () => {
  it('uses one apostrophe, the typographic one (’), never the straight one', () => {
    const straight = [...flat.fr!].filter(([, v]) => typeof v === 'string' && v.includes("'")).map(([k]) => k);
    expect(straight).toEqual([]);
  });

  it('puts a narrow no-break space (U+202F) before : ; ! ? » and after «', () => {
    const wrong = [...flat.fr!].flatMap(([k, v]) => frenchTypographyProblems(String(v)).map((p) => `${k}: ${p}`));
    expect(wrong).toEqual([]);
  });
});
