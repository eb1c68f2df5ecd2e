import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import { detectDelimiter, scanCsv } from './csvtext.js';

describe('csvtext: the one CSV text reader', () => {
  it('detects the delimiter from the header, outside quotes', () => {
    expect(detectDelimiter('code,name,count\n')).toBe(',');
    expect(detectDelimiter('code;name;count\n1,5;a;2\n')).toBe(';');
    expect(detectDelimiter('code\tname\n')).toBe('\t');
    expect(detectDelimiter('"a,b,c";d;e\n')).toBe(';');
    expect(detectDelimiter('code\n')).toBe(',');
  });

  it('finds the last record end outside quotes, an unclosed quote and text after a closing quote', () => {
    expect(scanCsv('a,b\n1,2\n3,', ',')).toEqual({ recordEnd: 8, open: false, strayAfterQuote: -1 });
    expect(scanCsv('a,b\n1,"x\ny"\n3,"z', ',')).toEqual({ recordEnd: 12, open: true, strayAfterQuote: -1 });
    expect(scanCsv('a,b\r\n1,"x""y"\r\n', ',')).toEqual({ recordEnd: 15, open: false, strayAfterQuote: -1 });
    expect(scanCsv('a,b\n1,"x"y\n', ',').strayAfterQuote).toBe(1);
    // A quote inside an unquoted cell is a literal character.
    expect(scanCsv('a,b\n1,5\'6"\n', ',')).toEqual({ recordEnd: 11, open: false, strayAfterQuote: -1 });
  });

  it('parseCsv: RFC 4180 cells, semicolons and tabs, blank rows skipped, malformed quotes named', () => {
    const t = parseCsv(
      '\uFEFFcode;name;n\r\nE1;"Sale; Ashton";"1,234"\r\n;;\r\n\r\nE2;"say ""hi""\nthere";5\r\n',
      'f.csv',
    );
    expect(t.columns).toEqual(['code', 'name', 'n']);
    expect(t.rows).toEqual([
      { code: 'E1', name: 'Sale; Ashton', n: '1,234' },
      { code: 'E2', name: 'say "hi"\nthere', n: '5' },
    ]);
    expect(parseCsv('a\tb\n1\t2\n').rows).toEqual([{ a: '1', b: '2' }]);
    expect(() => parseCsv('a,b\n1,"2"x\n', 'f.csv')).toThrow(/f\.csv: row 1 has text after a closing quote/);
    expect(() => parseCsv('a,b\n1,"2', 'f.csv')).toThrow(expect.objectContaining({ code: 'TRUNCATED_FILE' }));
  });
});
