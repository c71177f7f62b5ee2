// What an edit did to a definition, for the user to read before it is written: a unified diff.
import { createTwoFilesPatch } from 'diff';

/** A unified diff with three lines of context, without the file headers. */
export function xmlDiff(before: string, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch('before', 'after', before, after, undefined, undefined, { context: 3 })
    .split('\n')
    .filter((line, n) => n > 3 || !/^(=+|Index:|---|\+\+\+)/.test(line))
    .join('\n');
}
