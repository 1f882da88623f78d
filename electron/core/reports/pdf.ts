import { existsSync } from 'node:fs';
import { CustosError } from '../../../shared/errors.js';

/**
 * Printable reports as PDF (pdfkit). PDF's built-in fonts have no Chinese glyphs, so a CJK font
 * of the operating system is embedded (subset to the characters used): Microsoft YaHei on
 * Windows, Hiragino / STHeiti on macOS, Noto Sans CJK on Linux, or CUSTOS_PDF_FONT
 * ("path" or "path#postscript-name" for a .ttc collection).
 */
const CANDIDATES: { path: string; family?: string }[] = [
  { path: 'C:\\Windows\\Fonts\\msyh.ttc', family: 'MicrosoftYaHei' },
  { path: 'C:\\Windows\\Fonts\\simhei.ttf' },
  { path: '/System/Library/Fonts/Hiragino Sans GB.ttc', family: 'HiraginoSansGB-W3' },
  { path: '/System/Library/Fonts/STHeiti Light.ttc', family: 'STHeitiSC-Light' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
];

export function findCjkFont(): { path: string; family?: string } {
  const configured = process.env.CUSTOS_PDF_FONT;
  if (configured) {
    const [path, family] = configured.split('#');
    return { path: path!, family };
  }
  const found = CANDIDATES.find((c) => existsSync(c.path));
  if (!found) throw new CustosError('INTERNAL', 'No font with Chinese characters was found on this computer for the PDF; set CUSTOS_PDF_FONT to a .ttf/.ttc file.');
  return found;
}

export interface ReportTable {
  heading: string;
  columns: string[];
  /** Relative widths of the columns. */
  widths: number[];
  rows: string[][];
}

export interface ReportDocument {
  title: string;
  /**
   * The report's language (BCP 47, e.g. zh-CN): the catalog's /Lang, so screen readers read it
   * with the right voice.
   */
  lang: string;
  /** Label/value lines under the title. */
  facts: [string, string][];
  tables: ReportTable[];
  footer: string;
  /** The PDF's creation date (default now): the same report and date give the same bytes. */
  createdAt?: Date;
}

/**
 * Shapes the report's text without the font's glyph-composition feature (OpenType 'ccmp'): in
 * Noto Sans CJK it is a long chain of contextual lookups that fontkit runs over every
 * character, 88 % of shaping time for Chinese text, and it changes no glyph of NFC text in
 * Chinese, English or French (pdf.test.ts: the same PDF bytes either way), so text is
 * normalised to NFC first. pdfkit offers per-call features only by bypassing its layout cache
 * (slower overall), so the embedded font's layout is wrapped once here, through pdfkit's
 * private `_font`; an explicit feature set still wins. A 2,000-row report: 3.6 s → 1.2 s.
 */
function shapeText(doc: PDFKit.PDFDocument, composeGlyphs: boolean): void {
  const font = (doc as unknown as { _font?: { font?: { layout?: (text: string, features?: unknown) => unknown } } })._font?.font;
  if (!font?.layout) return;
  const layout = font.layout.bind(font);
  // The break opportunities breakLongWords adds are for line breaking only: never shaped (the CJK fonts draw U+200B as a box).
  // French text (shared/typography.ts) has ’ and a narrow no-break space (U+202F) before : ; ! ?. The CJK fonts draw ’
  // full-width and not all have U+202F: they are shaped as ' and a no-break space, which never breaks a line either.
  font.layout = (text, features) => {
    const shaped = text.replaceAll(BREAK, '').replace(/[\u2019\u202f]/g, (c) => (c === '\u2019' ? "'" : '\u00a0'));
    return composeGlyphs ? layout(shaped, features) : layout(shaped.normalize('NFC'), features ?? { ccmp: false });
  };
}

/**
 * pdfkit breaks a word wider than its column one character at a time, laying out every prefix:
 * quadratic, so one 8,000-character word took 6 s and four of 20,000 took 178 s on the core's
 * thread (issue 28 item 12). Every run of more than 30 characters without a space gets a break
 * opportunity (U+200B, which shapeText removes before shaping) every 30 characters, so no word
 * pdfkit sees is longer than that. Shorter words and the text a reader copies are unchanged.
 */
const BREAK = '\u200b';
const LONGEST_WORD = 30;
export function breakLongWords(text: string): string {
  return text.replace(/\S{31,}/gu, (run) => {
    const chars = Array.from(run);
    const parts: string[] = [];
    for (let i = 0; i < chars.length; i += LONGEST_WORD) parts.push(chars.slice(i, i + LONGEST_WORD).join(''));
    return parts.join(BREAK);
  });
}

/**
 * Renders a report: a title, facts, then tables that break across pages with their header
 * repeated. The PDF is tagged (PDF 1.7 structure: H1, P, H2, Table/TR/TH/TD; rules, shading and
 * page footers marked as artifacts), declares its language and shows its title, not its file
 * name, in the viewer's title bar.
 */
export async function renderPdf(report: ReportDocument, opts: { composeGlyphs?: boolean } = {}): Promise<Buffer> {
  // Loaded on first use, not at start-up (npm run bench: cold start).
  const { default: PDFDocument } = await import('pdfkit');
  const font = findCjkFont();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: report.title, Producer: 'Custos', CreationDate: report.createdAt ?? new Date() },
    bufferPages: true,
    pdfVersion: '1.7',
    lang: report.lang,
    displayTitle: true,
    tagged: true,
  });
  doc.registerFont('body', font.path, font.family);
  doc.font('body');
  shapeText(doc, opts.composeGlyphs ?? false);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const root = doc.struct('Document');
  doc.addStructure(root);
  /** Drawing that carries no content (rules, shading, page numbers) is marked so readers skip it. */
  const artifact = (draw: () => void, type?: 'Pagination') => {
    doc.markContent('Artifact', type ? { type } : {});
    draw();
    doc.endMarkedContent();
  };

  doc.fontSize(18).text(breakLongWords(report.title), { width, structParent: root, structType: 'H1' });
  doc.moveDown(0.5);
  doc.fontSize(10);
  for (const [label, value] of report.facts) doc.text(breakLongWords(`${label}: ${value}`), { width, structParent: root, structType: 'P' });

  const heightOf = (cells: string[], widths: number[], header: boolean) => {
    doc.fontSize(header ? 9.5 : 9);
    return Math.max(...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: widths[i]! - 6 }))) + 6;
  };
  // Laying text out is most of a report's cost: a row is measured once and the height passed on.
  const row = (table: PDFKit.PDFStructureElement, cells: string[], widths: number[], header: boolean, h = heightOf(cells, widths, header)) => {
    doc.fontSize(header ? 9.5 : 9);
    const y = doc.y;
    if (header) artifact(() => doc.rect(left, y, width, h).fill('#eef1f5').fillColor('black'));
    const tr = doc.struct('TR');
    table.add(tr);
    let x = left;
    cells.forEach((cell, i) => {
      doc.text(cell, x + 3, y + 3, { width: widths[i]! - 6, structParent: tr, structType: header ? 'TH' : 'TD' });
      x += widths[i]!;
    });
    tr.end();
    artifact(() => doc.moveTo(left, y + h).lineTo(left + width, y + h).strokeColor('#d0d5dd').lineWidth(0.5).stroke());
    doc.x = left;
    doc.y = y + h;
  };

  for (const table of report.tables) {
    doc.moveDown(1);
    if (doc.y + 60 > bottom()) doc.addPage();
    doc.fontSize(13).text(breakLongWords(table.heading), left, doc.y, { width, structParent: root, structType: 'H2' });
    doc.moveDown(0.3);
    const total = table.widths.reduce((a, b) => a + b, 0);
    const widths = table.widths.map((w) => (w / total) * width);
    const tagged = doc.struct('Table');
    root.add(tagged);
    const columns = table.columns.map(breakLongWords);
    row(tagged, columns, widths, true);
    for (const cells of table.rows) {
      const r = cells.map(breakLongWords);
      const h = heightOf(r, widths, false);
      // A row that does not fit starts a new page, under the table's header again.
      if (doc.y + h > bottom()) {
        doc.addPage();
        row(tagged, columns, widths, true);
      }
      row(tagged, r, widths, false, h);
    }
    tagged.end();
  }
  root.end();

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Text below the bottom margin would make pdfkit start a new page: lift the margin while writing the footer.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    artifact(() => doc.fontSize(8).fillColor('#667085').text(`${report.footer} · ${i + 1}/${range.count}`, left, doc.page.height - margin + 16, { width, align: 'center', lineBreak: false }), 'Pagination');
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
