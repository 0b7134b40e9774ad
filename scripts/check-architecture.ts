/**
 * `npm run lint`'s architecture check: reads every source file git knows under src/ and applies
 * scripts/architecture/rules.ts. Exits 1 with one line per violation.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { check, storeNames } from './architecture/rules';

const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const paths = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((p) => /\.(ts|tsx)$/.test(p));
const files = paths.map((path) => ({ path, text: readFileSync(`${root}/${path}`, 'utf8') }));
const schema = files.find((f) => f.path === 'src/shared/db/schema.ts');
if (!schema) throw new Error('src/shared/db/schema.ts not found: the store names come from it');

const violations = check(files, storeNames(schema.text));
for (const v of violations) console.error(`${v.path}:${v.line} ${v.rule}: ${v.message}`);
if (violations.length > 0) {
  console.error(`architecture: ${violations.length} violation(s) in ${files.length} files (docs/architecture.md)`);
  process.exit(1);
}
console.log(`architecture: ${files.length} files, no violations`);
