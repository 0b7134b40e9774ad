/**
 * The house's architecture as rules a machine checks (run by `npm run lint`, see docs/architecture.md).
 * Pure: it takes the source files' paths and texts and returns the violations, so tests can break a rule on
 * purpose without touching the tree.
 */
import { parseSync } from '@swc/core';

export interface SourceFile {
  /** Repository-relative path with forward slashes, e.g. `src/content/page/page-hooks.ts`. */
  path: string;
  text: string;
}

export interface Violation {
  path: string;
  line: number;
  rule: string;
  message: string;
}

/** The longest a file in src/ may be: longer files are split along a seam. */
export const MAX_SRC_LINES = 300;
/** The formatter's width; it does not break comments and strings, so this check does. */
export const MAX_LINE_CHARS = 120;

/** Where IndexedDB may be written: the background's store modules, nothing else. */
const STORE_DIR = 'src/background/store/';
/** The schema's migrations run in the upgrade transaction of whichever extension page opens the database first. */
const SCHEMA = 'src/shared/db/schema.ts';

/** The devtools modules that may talk to the browser: the Host adapters and the page entries that pick one. */
const mayUseBrowser = (path: string) => path.startsWith('src/devtools/host/') || /^src\/devtools\/[^/]+$/.test(path);

interface Found {
  imports: { specifier: string; typeOnly: boolean; offset: number }[];
  /** String literals that name an IndexedDB write mode. */
  writeModes: number[];
  /** `x.put('store', ...)`-style calls: idb's one-shot write transactions. */
  shortcutWrites: { method: string; store: string; offset: number }[];
  /** Uses of the `chrome` global. */
  chromeGlobal: number[];
}

const WRITE_MODES = new Set(['readwrite', 'versionchange']);
const SHORTCUT_WRITES = new Set(['put', 'add', 'delete', 'clear']);

/** Object store names, read from the schema's createObjectStore calls so a new store is covered at once. */
export function storeNames(schemaText: string): Set<string> {
  return new Set([...schemaText.matchAll(/createObjectStore\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!));
}

export function check(files: SourceFile[], stores: Set<string>): Violation[] {
  const known = new Set(files.map((f) => f.path));
  const out: Violation[] = [];
  for (const file of files) {
    const lineOf = lineIndex(file.text);
    const add = (offset: number, rule: string, message: string) =>
      out.push({ path: file.path, line: lineOf(offset), rule, message });
    const lines = file.text.split('\n').length - (file.text.endsWith('\n') ? 1 : 0);
    if (file.path.startsWith('src/') && lines > MAX_SRC_LINES) {
      add(0, 'file-size', `${lines} lines: split it along a seam (at most ${MAX_SRC_LINES} in src/)`);
    }
    if (file.path.startsWith('src/')) {
      for (const [i, line] of file.text.split('\n').entries()) {
        if ([...line].length > MAX_LINE_CHARS) {
          out.push({ path: file.path, line: i + 1, rule: 'line-length', message: `over ${MAX_LINE_CHARS} characters` });
        }
      }
    }
    const found = scan(file);
    for (const imp of found.imports) {
      const target = resolveImport(file.path, imp.specifier, known);
      if (!target) continue;
      for (const [rule, message] of importRules(file.path, target, imp.typeOnly)) add(imp.offset, rule, message);
    }
    if (!file.path.startsWith(STORE_DIR) && file.path !== SCHEMA) {
      for (const offset of found.writeModes) {
        add(offset, 'store-owns-writes', `only ${STORE_DIR} opens IndexedDB write transactions`);
      }
      for (const w of found.shortcutWrites.filter((s) => stores.has(s.store))) {
        add(w.offset, 'store-owns-writes', `${w.method}('${w.store}') writes IndexedDB: only ${STORE_DIR} may`);
      }
    }
    if (file.path.startsWith('src/devtools/') && !mayUseBrowser(file.path)) {
      for (const offset of found.chromeGlobal) {
        add(offset, 'panel-behind-host', 'the panel reaches the browser only through its Host (src/devtools/host/)');
      }
    }
  }
  return out;
}

function importRules(from: string, to: string, typeOnly: boolean): [string, string][] {
  const rules: [string, string][] = [];
  const folder = (p: string) => p.split('/').slice(0, 2).join('/');
  if (from.startsWith('src/content/page/') && /^src\/shared\/protocol(\.ts|\/)/.test(to) && !typeOnly) {
    rules.push([
      'page-imports-protocol-types-only',
      `the MAIN-world hooks may import only types from ${to} (its zod schemas would ship into every page)`,
    ]);
  }
  if (from.startsWith('src/') && !from.startsWith('src/background/') && to.startsWith('src/background/')) {
    rules.push(['background-is-private', `${folder(from)} imports ${to}: nothing outside src/background may`]);
  }
  if (from.startsWith('src/shared/') && to.startsWith('src/') && !to.startsWith('src/shared/')) {
    rules.push(['shared-stands-alone', `src/shared imports ${to}: shared code imports no other src folder`]);
  }
  if (from.startsWith('src/devtools/') && to.startsWith('src/content/')) {
    rules.push([
      'panel-not-content',
      `src/devtools imports ${to}: the panel and the content scripts share only src/shared`,
    ]);
  }
  if (from.startsWith('src/content/') && to.startsWith('src/devtools/')) {
    rules.push(['content-not-panel', `src/content imports ${to}: the content scripts never load panel code`]);
  }
  if (from.startsWith('src/devtools/') && !mayUseBrowser(from) && to === 'webextension-polyfill') {
    rules.push(['panel-behind-host', 'the panel reaches the browser only through its Host (src/devtools/host/)']);
  }
  return rules;
}

/** Resolves a relative specifier to a known file; bare package names are returned as they are. */
function resolveImport(from: string, specifier: string, known: Set<string>): string | null {
  if (!specifier.startsWith('.')) return specifier;
  const parts = from.split('/').slice(0, -1);
  for (const seg of specifier.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  const base = parts.join('/');
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (known.has(candidate)) return candidate;
  }
  return null;
}

type Node = { type?: string; span?: { start: number } } & Record<string, unknown>;

function scan(file: SourceFile): Found {
  const found: Found = { imports: [], writeModes: [], shortcutWrites: [], chromeGlobal: [] };
  const program = parseSync(file.text, { syntax: 'typescript', tsx: file.path.endsWith('.tsx') });
  // swc's spans count bytes from 1 for each parse.
  const at = (n: Node) => (n.span?.start ?? 1) - 1;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    switch (n.type) {
      case 'ImportDeclaration': {
        const specifiers = (n.specifiers as { isTypeOnly?: boolean }[]) ?? [];
        const typeOnly = n.typeOnly === true || (specifiers.length > 0 && specifiers.every((s) => s.isTypeOnly));
        found.imports.push({ specifier: (n.source as { value: string }).value, typeOnly, offset: at(n) });
        return;
      }
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration': {
        const source = n.source as { value: string } | null | undefined;
        if (source) found.imports.push({ specifier: source.value, typeOnly: n.typeOnly === true, offset: at(n) });
        break;
      }
      case 'StringLiteral':
        if (WRITE_MODES.has(n.value as string)) found.writeModes.push(at(n));
        return;
      case 'CallExpression': {
        const callee = n.callee as Node;
        const args = n.arguments as { expression: Node }[];
        if (callee.type === 'Import') {
          const arg = args[0]?.expression;
          if (arg?.type === 'StringLiteral') {
            found.imports.push({ specifier: arg.value as string, typeOnly: false, offset: at(n) });
          }
        }
        const property = callee.type === 'MemberExpression' ? (callee.property as Node) : null;
        const first = args[0]?.expression;
        if (property?.type === 'Identifier' && SHORTCUT_WRITES.has(property.value as string)) {
          if (first?.type === 'StringLiteral') {
            found.shortcutWrites.push({
              method: property.value as string,
              store: first.value as string,
              offset: at(n),
            });
          }
        }
        break;
      }
      case 'MemberExpression': {
        const object = n.object as Node;
        if (object.type === 'Identifier' && object.value === 'chrome') found.chromeGlobal.push(at(n));
        break;
      }
    }
    for (const value of Object.values(n)) if (value && typeof value === 'object') visit(value);
  };
  visit(program.body);
  return found;
}

function lineIndex(text: string): (byteOffset: number) => number {
  const bytes = Buffer.from(text, 'utf8');
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
