/** Markdown building blocks of BENCHMARKS.md: a table, and the rows of its targets table. */

/** A row of the targets table: what is measured, its target, the figure, and PASS/MISS (or info). */
export type Row = [figure: string, target: string, measured: string, result: string];

export const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** A Markdown table. */
export function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}
