/**
 * Tandem's rrweb carries a patch (patches/, applied by patch-package on npm install / npm ci; see
 * docs/architecture.md). An install that skipped it (`--ignore-scripts`) would record correctly but cost
 * the page more main thread on DOM-heavy pages (docs/architecture.md has the figure), with nothing else to
 * show for it: this says so.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../../..');
const PATCHES = join(ROOT, 'patches');
// The package's exports hide its files from require.resolve; vite bundles dist/record.js (its `import`).
const installed = (file: string) => readFileSync(join(ROOT, 'node_modules/@rrweb/record', file), 'utf8');

describe('the patched @rrweb/record', () => {
  const patch = readdirSync(PATCHES).find((f) => f.startsWith('@rrweb+record+'));

  it('is the version the patch was made for', () => {
    expect(patch).toBeDefined();
    const version = JSON.parse(installed('package.json')) as { version: string };
    expect(patch).toBe(`@rrweb+record+${version.version}.patch`);
  });

  it('has every line the patch adds, in the file the build bundles', () => {
    const text = readFileSync(join(PATCHES, patch!), 'utf8');
    expect(text).toContain('b/node_modules/@rrweb/record/dist/record.js');
    const added = text
      .split('\n')
      .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
      .map((l) => l.slice(1));
    expect(added.length).toBeGreaterThan(0);
    const source = installed('dist/record.js');
    for (const line of added) expect(source, `missing: ${line}`).toContain(line);
    // What the patch replaces is gone: rrweb no longer lists children through childNodes there.
    expect(source).not.toContain('index.childNodes(next).forEach');
    expect(source).not.toContain('Array.from(index.childNodes(n))');
  });
});
