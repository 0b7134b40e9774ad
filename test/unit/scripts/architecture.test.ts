import { describe, expect, it } from 'vitest';
import { check, MAX_LINE_CHARS, MAX_SRC_LINES, storeNames } from '../../../scripts/architecture/rules';

const STORES = new Set(['sessions', 'chunks', 'requests']);
const tree = (files: Record<string, string>) => Object.entries(files).map(([path, text]) => ({ path, text }));
const rulesBroken = (files: Record<string, string>) =>
  check(tree(files), STORES).map((v) => `${v.path}:${v.line} ${v.rule}`);

describe('architecture rules', () => {
  it('reads the store names from the schema', () => {
    const schema = "db.createObjectStore('sessions', { keyPath: 'id' });\ndb.createObjectStore(\"chunks\");";
    expect([...storeNames(schema)]).toEqual(['sessions', 'chunks']);
  });

  it('keeps src/background private: content importing the background is red', () => {
    expect(
      rulesBroken({
        'src/content/outbox.ts':
          "import { x } from './ok';\nimport { SessionStore } from '../background/store/sessions';",
        'src/content/ok.ts': 'export const x = 1;',
        'src/background/store/sessions.ts': 'export class SessionStore {}',
      }),
    ).toEqual(['src/content/outbox.ts:2 background-is-private']);
  });

  it('lets the MAIN-world hooks import only types from the protocol', () => {
    const files = {
      'src/shared/protocol.ts': 'export const schema = 1; export type T = number;',
      'src/content/page/a.ts': "import type { T } from '../../shared/protocol';",
      'src/content/page/b.ts': "import { type T } from '../../shared/protocol';",
      'src/content/page/c.ts': "import { schema } from '../../shared/protocol';",
      'src/content/page/d.ts': "export { schema } from '../../shared/protocol';",
    };
    expect(rulesBroken(files)).toEqual([
      'src/content/page/c.ts:1 page-imports-protocol-types-only',
      'src/content/page/d.ts:1 page-imports-protocol-types-only',
    ]);
  });

  it('keeps src/shared free of the other folders, dynamic imports included', () => {
    expect(
      rulesBroken({
        'src/shared/model.ts': "export const load = () => import('../devtools/app');",
        'src/devtools/app.ts': 'export {};',
      }),
    ).toEqual(['src/shared/model.ts:1 shared-stands-alone']);
  });

  it('lets only the store write IndexedDB: transactions and idb shortcuts, by store name', () => {
    const files = {
      'src/devtools/library/x.ts': [
        "const tx = db.transaction('sessions', 'readwrite');",
        "await db.put('sessions', s);",
        "headers.delete('baggage');",
        "await db.get('sessions', id);",
      ].join('\n'),
      'src/background/store/sessions.ts': "db.transaction('sessions', 'readwrite'); db.delete('chunks', k);",
    };
    expect(rulesBroken(files)).toEqual([
      'src/devtools/library/x.ts:1 store-owns-writes',
      'src/devtools/library/x.ts:2 store-owns-writes',
    ]);
  });

  it('keeps the panel behind its Host', () => {
    expect(
      rulesBroken({
        'src/devtools/replay/Player.tsx': 'export const P = () => <div>{chrome.runtime.id}</div>;',
        'src/devtools/host/devtools-host.ts': 'export const id = chrome.devtools.inspectedWindow.tabId;',
        'src/devtools/library/List.tsx': "import browser from 'webextension-polyfill';",
      }),
    ).toEqual([
      'src/devtools/replay/Player.tsx:1 panel-behind-host',
      'src/devtools/library/List.tsx:1 panel-behind-host',
    ]);
  });

  it(`flags a src file over ${MAX_SRC_LINES} lines, not a test`, () => {
    const long = 'export const a = 1;\n'.repeat(MAX_SRC_LINES + 1);
    expect(rulesBroken({ 'src/shared/long.ts': long, 'test/unit/long.test.ts': long })).toEqual([
      'src/shared/long.ts:1 file-size',
    ]);
    expect(rulesBroken({ 'src/shared/ok.ts': 'export const a = 1;\n'.repeat(MAX_SRC_LINES) })).toEqual([]);
  });

  it(`flags a src line over ${MAX_LINE_CHARS} characters, counting characters, not bytes`, () => {
    const comment = `// ${'x'.repeat(MAX_LINE_CHARS - 3)}`;
    expect(rulesBroken({ 'src/shared/a.ts': `${comment}\n${comment}x` })).toEqual(['src/shared/a.ts:2 line-length']);
    expect(rulesBroken({ 'src/shared/b.ts': `// ${'─'.repeat(MAX_LINE_CHARS - 3)}` })).toEqual([]);
  });
});
