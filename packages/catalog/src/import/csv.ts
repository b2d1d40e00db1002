import { type Issue, issue } from '@openpayer/domain';

/** One CSV record with the 1-based physical line it starts on, for error messages. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvParse {
  readonly header: readonly string[];
  readonly records: readonly CsvRecord[];
  readonly issues: readonly Issue<'import.csv_unterminated_quote' | 'import.csv_empty'>[];
}

/**
 * RFC 4180 CSV (comma, `"` quoting with `""` escapes, CRLF or LF) from text already in memory:
 * isomorphic, so the same importer runs in the API, the CLI and the browser. A leading UTF-8 BOM
 * is dropped; blank lines are skipped.
 */
export function parseCsv(text: string): CsvParse {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRecord[] = [];
  const issues: Issue<'import.csv_unterminated_quote' | 'import.csv_empty'>[] = [];
  let line = 1;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let endOfRecord = false;
    while (!endOfRecord) {
      if (source[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const ch = source[i];
          if (ch === '"') {
            if (source[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (ch === '\n') line++;
          field += source.charAt(i);
          i++;
        }
        if (!closed) {
          issues.push(
            issue(
              'import.csv_unterminated_quote',
              `line ${startLine}: a quoted field is never closed`,
              { path: [startLine], data: { line: startLine } },
            ),
          );
          return { header: [], records: [], issues };
        }
      }
      // Unquoted text (or the rest after a closing quote) up to the next separator.
      while (i < n && source[i] !== ',' && source[i] !== '\n' && source[i] !== '\r') {
        field += source.charAt(i);
        i++;
      }
      fields.push(field);
      field = '';
      if (i >= n) {
        endOfRecord = true;
      } else if (source[i] === ',') {
        i++;
      } else {
        if (source[i] === '\r') i++;
        if (source[i] === '\n') i++;
        line++;
        endOfRecord = true;
      }
    }
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: startLine, fields });
  }
  const [first, ...records] = rows;
  if (first === undefined) {
    issues.push(issue('import.csv_empty', 'the file has no header row', { path: [1] }));
    return { header: [], records: [], issues };
  }
  return { header: first.fields, records, issues };
}
