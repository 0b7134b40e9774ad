import { describe, expect, it } from 'vitest';
import { draw, LABEL_WIDTH, type Palette, TIMELINE_HEIGHT } from '../../../../src/devtools/timeline/draw';

const palette: Palette = {
  fg: 'fg',
  muted: 'muted',
  line: 'line',
  accent: 'accent',
  err: 'err',
  ok: 'ok',
  cursor: 'cursor',
};

/** A canvas context that records each rectangle with the style and opacity it was filled with. */
function recordingContext() {
  const rects: { x: number; y: number; w: number; h: number; fill: string; alpha: number }[] = [];
  const ctx = {
    fillStyle: '',
    globalAlpha: 1,
    font: '',
    textBaseline: '',
    clearRect() {},
    fillText() {},
    fillRect(x: number, y: number, w: number, h: number) {
      rects.push({ x, y, w, h, fill: String(ctx.fillStyle), alpha: ctx.globalAlpha });
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, rects };
}

describe('the timeline', () => {
  it('draws a faint red band over every track where a gap leaves the replay without data', () => {
    const { ctx, rects } = recordingContext();
    const width = LABEL_WIDTH + 1000;
    const data = { rows: [], crumbs: [], linked: new Set<string>(), backend: { spans: [], metrics: [] } };
    draw(ctx, width, { ...data, gaps: [{ from: 2000, to: 5000 }] }, { from: 0, to: 10_000 }, null, palette);
    const band = rects.find((r) => r.fill === 'err' && r.alpha < 1);
    expect(band).toEqual({ x: LABEL_WIDTH + 200, y: 0, w: 300, h: TIMELINE_HEIGHT, fill: 'err', alpha: 0.15 });
    // The marks drawn after it are opaque again.
    expect(ctx.globalAlpha).toBe(1);
  });
});
