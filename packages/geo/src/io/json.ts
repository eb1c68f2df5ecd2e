import { CohesionError } from '../errors.js';

/**
 * `JSON.parse` for data files: a syntax error names the file, and one at the very end of the text
 * (an unclosed object, array or string — the file was cut while downloading or copying) is
 * `TRUNCATED_FILE` rather than a generic `PARSE_ERROR`.
 */
export function parseJsonText(text: string, source: string, what = 'JSON'): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0] ?? '';
    const pos = /position (\d+)/.exec(msg);
    const atEnd =
      /end of (JSON|data) input|Unterminated string/i.test(msg) ||
      (pos !== null && Number(pos[1]) >= text.trimEnd().length - 1);
    if (atEnd && text.trim() !== '')
      throw new CohesionError(
        'TRUNCATED_FILE',
        `${source} ends in the middle of its ${what} (${text.length.toLocaleString('en-GB')} characters read): the file is incomplete, probably cut while downloading or copying`,
        { source },
      );
    throw new CohesionError('PARSE_ERROR', `${source} is not valid ${what}: ${msg}`, { source });
  }
}
