import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields with commas, escaped quotes and line breaks, keeping each record’s first line', () => {
    const text = 'a,b,c\r\n1,"x, y",3\n2,"say ""hi""","multi\nline"\n\n3,,\n';
    const csv = parseCsv(text);
    expect(csv.issues).toEqual([]);
    expect(csv.header).toEqual(['a', 'b', 'c']);
    expect(csv.records).toEqual([
      { line: 2, fields: ['1', 'x, y', '3'] },
      { line: 3, fields: ['2', 'say "hi"', 'multi\nline'] },
      { line: 6, fields: ['3', '', ''] },
    ]);
  });

  it('drops a UTF-8 byte-order mark and accepts a last line without a newline', () => {
    const csv = parseCsv('\uFEFFname,class\n阿司匹林,甲');
    expect(csv.header).toEqual(['name', 'class']);
    expect(csv.records).toEqual([{ line: 2, fields: ['阿司匹林', '甲'] }]);
  });

  it('reports an unterminated quote with the line it starts on and returns no records', () => {
    const csv = parseCsv('a,b\n1,2\n3,"open\n4,5\n');
    expect(csv.records).toEqual([]);
    expect(csv.issues).toMatchObject([
      { code: 'import.csv_unterminated_quote', data: { line: 3 } },
    ]);
  });

  it('reports an empty file', () => {
    expect(parseCsv('').issues).toMatchObject([{ code: 'import.csv_empty' }]);
  });
});
