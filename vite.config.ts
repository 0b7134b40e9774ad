import { defineConfig, type Plugin } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import manifest from './manifest.json' with { type: 'json' };

/**
 * Pages that the manifest does not reference are not built by crxjs, so they are listed as inputs here.
 * They are also moved to the root of dist/ so their URLs are stable and short:
 * chrome-extension://<id>/viewer.html and chrome.devtools.panels.create(..., 'panel.html').
 */
const rootPages: Record<string, string> = {
  'src/devtools/viewer.html': 'viewer.html',
  'src/devtools/panel.html': 'panel.html',
};

function rootPagesPlugin(): Plugin {
  return {
    name: 'tandem-root-pages',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const [from, to] of Object.entries(rootPages)) {
        const asset = bundle[from];
        if (asset?.type !== 'asset') continue;
        delete bundle[from];
        this.emitFile({ type: 'asset', fileName: to, source: asset.source });
      }
    },
  };
}

export default defineConfig({
  plugins: [
    preact(),
    crx({
      manifest,
      contentScripts: { standaloneFiles: ['src/content/recorder.ts', 'src/content/page/page-hooks.ts'] },
    }),
    rootPagesPlugin(),
  ],
  // Absolute asset URLs so pages moved to the root of dist/ still find their scripts.
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome121',
    sourcemap: true,
    rollupOptions: {
      input: Object.fromEntries(Object.keys(rootPages).map((p) => [p.replace(/.*\//, '').replace('.html', ''), p])),
    },
  },
});
