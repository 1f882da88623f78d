import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { breakLongWords, findCjkFont, renderPdf, type ReportDocument } from './pdf.js';

/**
 * The report's text is shaped without the font's glyph-composition feature (much faster for
 * Chinese): the PDF must come out byte for byte the same as with every feature, for Chinese,
 * English and French text, decomposed accents included.
 */
const hasFont = (() => {
  try {
    findCjkFont();
    return true;
  } catch {
    return false;
  }
})();

const report: ReportDocument = {
  title: '个人信息副本 · Copie des données personnelles',
  lang: 'zh-CN',
  facts: [
    ['编号', 'DSR-2026-0042'],
    ['Responsable', 'Société Générale d’Électricité (Zoë Müller, Noël Œuvray)'],
  ],
  tables: [
    {
      heading: '跟进记录 (3)',
      columns: ['记录', '日期', '内容'],
      widths: [2, 1.3, 5],
      rows: [
        ['跟进 1 · 上海某某科技有限公司', '2024-01-01', '内容: 第1次拜访：讨论了续约条款与交付计划（含“年度”报价）。\n状态: 已完成'],
        ['Follow-up 2 · office', '2024-02-03', 'Visit 2: the affine flow — “efficient” offices, fiftyfold; 100% ≥ 3 ½.'],
        ['Suivi 3 · à Noël', '2024-03-04', 'Visite : échéancier, « reçu », cœur, œuvre, ﬁ ligature, naïve façade.'],
      ],
    },
  ],
  footer: 'Custos',
  createdAt: new Date('2026-11-29T00:00:00.000Z'),
};

describe.skipIf(!hasFont)(`report PDF${hasFont ? '' : ' (skipped: no font with Chinese characters here; scripts/ensure-chromium.sh installs fonts-noto-cjk)'}`, () => {
  it('is the same with and without glyph composition, for Chinese, English and French', async () => {
    const fast = await renderPdf(report);
    const full = await renderPdf(report, { composeGlyphs: true });
    expect(fast.subarray(0, 5).toString()).toBe('%PDF-');
    expect(fast.length).toBeGreaterThan(10_000);
    expect(Buffer.compare(fast, full)).toBe(0);
  });

  it('writes decomposed accents as their composed letters', async () => {
    const decomposed = 'Cafe\u0301 de\u0301ja\u0300 vu, e\u0301te\u0301';
    const fast = await renderPdf({ ...report, facts: [['Note', decomposed]] });
    const composed = await renderPdf({ ...report, facts: [['Note', decomposed.normalize('NFC')]] }, { composeGlyphs: true });
    expect(Buffer.compare(fast, composed)).toBe(0);
  });

  it('declares its language, shows its title and is tagged: headings, paragraphs, tables with header cells', async () => {
    const pdf = await renderPdf({ ...report, lang: 'fr' });
    // The catalog is a plain (uncompressed) object: read it as the PDF's own text.
    const raw = pdf.toString('latin1');
    const catalog = /<<\s*\/Type \/Catalog[\s\S]*?>>\s*endobj/.exec(raw)?.[0] ?? '';
    expect(catalog).toMatch(/\/Lang \(fr\)/);
    expect(catalog).toMatch(/\/StructTreeRoot \d+ 0 R/);
    expect(catalog).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(catalog).toMatch(/\/ViewerPreferences \d+ 0 R/);
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    expect(raw).toMatch(/\/Marked true/);
    expect(raw.slice(0, 9)).toBe('%PDF-1.7\n');

    // Poppler reads the structure back with its text (pdfinfo ships with pdftotext in poppler-utils).
    const dir = mkdtempSync(join(tmpdir(), 'custos-pdf-'));
    try {
      const file = join(dir, 'report.pdf');
      writeFileSync(file, pdf);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Tagged:\s+yes/);
      expect(info).toMatch(/Title:\s+个人信息副本 · Copie des données personnelles/);
      const structure = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' });
      const kinds = [...structure.matchAll(/^\s*(\w+)\b/gm)].map((m) => m[1]);
      for (const kind of ['Document', 'H1', 'P', 'H2', 'Table', 'TR', 'TH', 'TD']) expect(kinds, kind).toContain(kind);
      expect(structure).toMatch(/H1[^\n]*\n\s*"个人信息副本/);
      expect(structure).toContain('"内容"');
      // Header rows repeated on a new page are content too; page numbers are not.
      expect(structure).not.toContain('Custos · 1/');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lays out long unbroken words in linear time and prints them unchanged (issue 28 item 12)', async () => {
    const word = 'x'.repeat(8000);
    const started = Date.now();
    const pdf = await renderPdf({ ...report, facts: [['Note', word]], tables: [{ heading: 'h', columns: ['a', 'b'], widths: [1, 3], rows: [['y', word]] }] });
    const oneWord = Date.now() - started;
    // Before: 6 s on an idle machine, 13-15 s on a loaded one; after: well under a second idle.
    expect(oneWord).toBeLessThan(4000);
    const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
    try {
      writeFileSync(join(dir, 'r.pdf'), pdf);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
      // Every x is printed, and nothing else (no box, no space where a break opportunity was added).
      expect(text.match(/x/g)!.length).toBe(16_000);
      expect(text).not.toContain('\u200b');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const four = Array.from({ length: 4 }, (_, i) => String.fromCharCode(97 + i).repeat(20_000));
    const t2 = Date.now();
    await renderPdf({ ...report, facts: four.map((w) => ['Note', w] as [string, string]), tables: [] });
    // Before: 178 s.
    expect(Date.now() - t2).toBeLessThan(15_000);
  });

  it('adds break opportunities only inside runs longer than 30 characters', () => {
    expect(breakLongWords('short words stay as they are, Qian.Duoduo@Example.com too')).toBe('short words stay as they are, Qian.Duoduo@Example.com too');
    expect(breakLongWords(`a ${'z'.repeat(65)}`)).toBe(`a ${'z'.repeat(30)}\u200b${'z'.repeat(30)}\u200b${'z'.repeat(5)}`);
    expect(breakLongWords('😀'.repeat(31)).split('\u200b').map((p) => Array.from(p).length)).toEqual([30, 1]);
  });
});
