import type { Replayer } from '@rrweb/replay';

/** Scales the recorded viewport down to the stage, keeping its aspect ratio; returns the stop. */
export function fitToStage(r: Replayer, stage: HTMLElement): () => void {
  let size = { width: Number(r.iframe.width) || 1, height: Number(r.iframe.height) || 1 };
  const apply = () => {
    const scale = Math.min(stage.clientWidth / size.width, stage.clientHeight / size.height, 1);
    r.wrapper.style.transform = `scale(${scale})`;
  };
  r.on('resize', (dim) => {
    const d = dim as { width: number; height: number };
    size = { width: d.width || 1, height: d.height || 1 };
    apply();
  });
  const observer = new ResizeObserver(apply);
  observer.observe(stage);
  apply();
  return () => observer.disconnect();
}
