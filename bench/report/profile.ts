/** The profile part of BENCHMARKS.md: where main-thread time goes, per recorder, by category and by source. */
import type { ProfileResult, ProfileShare } from '../page-cost/profile';
import { fmt } from '../stats';
import { table } from './markdown';

export interface ProfileReport {
  page: string;
  variant: string;
  result: ProfileResult;
}

const CATEGORIES: [name: string, test: (source: string) => boolean][] = [
  ['rrweb', (s) => s.includes('@rrweb/')],
  ["Tandem's own code", (s) => s.startsWith('tandem:') && !s.includes('@rrweb/')],
  ["bare rrweb's starter (JSON.stringify once a second)", (s) => s.includes('bare-rrweb-starter')],
  ['Sentry SDK', (s) => s.includes('@sentry/')],
  ["page's own script", (s) => s.startsWith('page:')],
  ['(program): native work outside JS', (s) => s === '(program)'],
  ['(garbage collector)', (s) => s === '(garbage collector)'],
];

const msOf = (r: ProfileResult, test: (source: string) => boolean) =>
  r.bySource.filter((x) => test(x.source)).reduce((n, x) => n + x.ms, 0);

/** Busy ms per category of `a` minus those of `b`, plus the rest ("other"). */
export function categoryDelta(a: ProfileResult, b: ProfileResult): [string, number][] {
  const rows: [string, number][] = CATEGORIES.map(([name, test]) => [name, msOf(a, test) - msOf(b, test)]);
  const named = rows.reduce((n, [, ms]) => n + ms, 0);
  return [...rows, ['other', a.totalMs - b.totalMs - named]];
}

/** One row per profile: busy ms per category, so that recorders can be compared side by side. */
export function categoryTable(profiles: ProfileReport[]): string {
  const other = (r: ProfileResult) => r.totalMs - CATEGORIES.reduce((n, [, test]) => n + msOf(r, test), 0);
  return table(
    ['profile', 'busy ms', ...CATEGORIES.map(([name]) => name), 'other'],
    profiles.map((p) => [
      `${p.variant} on ${p.page}`,
      fmt(p.result.totalMs, 0),
      ...CATEGORIES.map(([, test]) => fmt(msOf(p.result, test), 0)),
      fmt(other(p.result), 0),
    ]),
  );
}

export function profileText({ page, variant, result: p }: ProfileReport): string {
  const rows = (xs: ProfileShare[]) => xs.map((x) => [x.source, fmt(x.ms, 0), `${fmt(x.share * 100, 1)}%`]);
  return [
    `### ${variant} on \`${page}\`: ${fmt(p.totalMs, 0)} ms of non-idle samples`,
    '',
    table(['self time by source', 'ms', 'share'], rows(p.bySource.slice(0, 8))),
    ...(p.byFunction.length
      ? [
          '',
          table(
            ['self time by function (Tandem code; built-ins with their caller)', 'ms', 'share'],
            rows(p.byFunction),
          ),
        ]
      : []),
  ].join('\n');
}
