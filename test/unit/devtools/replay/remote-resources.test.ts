import { EventType, IncrementalSource, NodeType } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { BLOCKED_URL, withoutRemoteResources } from '../../../../src/devtools/replay/remote-resources';
import { fullSnapshotEvent, mutationEvent, shopDocument } from '../../fixtures/rrweb-events';

const T = 1_700_000_000_000;

/** A full snapshot of the shop with what a real page loads: an image, a srcset, a stylesheet link, CSS. */
function snapshotWithResources() {
  const doc = shopDocument();
  const html = (doc as unknown as { childNodes: unknown[] }).childNodes[1] as { childNodes: unknown[] };
  const head = html.childNodes[0] as { childNodes: unknown[] };
  const body = html.childNodes[1] as { childNodes: unknown[] };
  head.childNodes.push(
    {
      type: NodeType.Element,
      id: 100,
      tagName: 'link',
      attributes: { rel: 'stylesheet', href: 'https://cdn.example/site.css' },
      childNodes: [],
    },
    {
      type: NodeType.Element,
      id: 101,
      tagName: 'style',
      attributes: {},
      childNodes: [
        {
          type: NodeType.Text,
          id: 102,
          isStyle: true,
          textContent: "@import 'https://fonts.example/a.css'; body { background: url(https://img.example/bg.png) }",
        },
      ],
    },
  );
  body.childNodes.push(
    {
      type: NodeType.Element,
      id: 103,
      tagName: 'img',
      attributes: { src: 'https://img.example/p.png?user=42', srcset: 'a.png 1x, //img.example/p@2x.png 2x', alt: 'x' },
      childNodes: [],
    },
    {
      type: NodeType.Element,
      id: 104,
      tagName: 'img',
      attributes: { src: 'data:image/png;base64,AAAA' },
      childNodes: [],
    },
    { type: NodeType.Text, id: 105, textContent: 'see url(https://example.com) in the docs' },
  );
  return { ...fullSnapshotEvent(T), data: { node: doc, initialOffset: { top: 0, left: 0 } } };
}

describe('withoutRemoteResources (rrweb events shaped as @rrweb/record emits them)', () => {
  it('removes every remote URL a replayed page would load, and keeps data: URLs and visible text', () => {
    const event = snapshotWithResources();
    const before = JSON.stringify(event);

    const out = JSON.stringify(withoutRemoteResources(event));

    expect(out).not.toMatch(/img\.example|cdn\.example|fonts\.example/);
    expect(out).toContain(BLOCKED_URL);
    expect(out).toContain('data:image/png;base64,AAAA');
    expect(out).toContain('see url(https://example.com) in the docs');
    // Copy-on-write: the stored event is unchanged.
    expect(JSON.stringify(event)).toBe(before);
  });

  it('removes remote URLs from mutations: added nodes, changed attributes and inline styles', () => {
    const mutation = {
      type: EventType.IncrementalSnapshot,
      timestamp: T,
      data: {
        source: IncrementalSource.Mutation,
        texts: [],
        removes: [],
        adds: [
          {
            parentId: 8,
            nextId: null,
            node: {
              type: NodeType.Element,
              id: 200,
              tagName: 'video',
              attributes: { poster: 'https://v.example/p.jpg' },
              childNodes: [],
            },
          },
        ],
        attributes: [
          {
            id: 103,
            attributes: { src: 'http://img.example/next.png', style: 'background-image: url("//img.example/x.png")' },
          },
        ],
      },
    };
    expect(JSON.stringify(withoutRemoteResources(mutation))).not.toMatch(/\.example/);
  });

  it('returns the very same event when there is nothing remote in it (no copy)', () => {
    const event = mutationEvent(T);
    expect(withoutRemoteResources(event)).toBe(event);
  });
});
