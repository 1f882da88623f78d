import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvBase64, csvText } from './csv.js';
import { unneutralise } from '../org/transfer/read.js';

describe('the one CSV writer', () => {
  it('neutralises every cell that a spreadsheet would run as a formula, headers included, and import reads them back', () => {
    const risky = ['=1+1', '+8613900000000', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil","x")'];
    const text = csvText(['=header', 'b', 'c', 'd', 'e', 'f', 'g'], [risky, ['plain', null, undefined, 42, '', '', ''] as never]);
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text).toContain('\r\n');
    const cells = Papa.parse<string[]>(text.slice(1)).data;
    expect(cells[0]).toEqual(["'=header", 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(cells[1]).toEqual(risky.map((v) => `'${v}`));
    expect(cells[2]).toEqual(['plain', '', '', '42', '', '', '']);
    expect(cells[1]!.map(unneutralise)).toEqual(risky);
    expect(Buffer.from(csvBase64(['a'], [['=x']]), 'base64').toString('utf8')).toBe("\ufeffa\r\n'=x");
  });
});
