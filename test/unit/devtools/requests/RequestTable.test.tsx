import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { RequestTable } from '../../../../src/devtools/requests/RequestTable';
import { rowOfRecord } from '../../../../src/devtools/session/request-rows';
import { request, T0 } from '../fixtures';

const rows = Array.from({ length: 10_000 }, (_, i) =>
  rowOfRecord(request(`r${i}`, { startTs: T0 + i * 100, endTs: T0 + i * 100 + 50, status: i === 3 ? 402 : 200 })),
);

describe('RequestTable', () => {
  it('keeps only the rows in view (and a margin) in the DOM for 10,000 requests, each a row of a grid', () => {
    render(
      <RequestTable
        rows={rows}
        selectedId={null}
        playhead={T0 + 250}
        start={T0}
        followEnd={false}
        onSelect={() => {}}
        onOpen={() => {}}
      />,
    );
    const drawn = document.querySelectorAll('[data-request-id]');
    expect(drawn.length).toBeGreaterThan(5);
    expect(drawn.length).toBeLessThan(60);
    expect(screen.getByRole('grid', { name: 'Requests' }).getAttribute('aria-rowcount')).toBe('10001');
    // Past the playhead rows are dimmed; the 402 is marked failed.
    expect(document.querySelector('[data-request-id=r2]')?.classList.contains('future')).toBe(false);
    expect(document.querySelector('[data-request-id=r4]')?.classList.contains('future')).toBe(true);
    expect(document.querySelector('[data-request-id=r3]')?.classList.contains('failed')).toBe(true);
  });

  it('moves the selection with Up/Down and opens it with Enter', () => {
    const picked: string[] = [];
    const opened: string[] = [];
    const { rerender } = render(
      <RequestTable
        rows={rows}
        selectedId={null}
        playhead={null}
        start={T0}
        followEnd={false}
        onSelect={(r) => picked.push(r.id)}
        onOpen={(r) => opened.push(r.id)}
      />,
    );
    const grid = screen.getByRole('grid', { name: 'Requests' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(picked).toEqual(['r0']);
    rerender(
      <RequestTable
        rows={rows}
        selectedId="r0"
        playhead={null}
        start={T0}
        followEnd={false}
        onSelect={(r) => picked.push(r.id)}
        onOpen={(r) => opened.push(r.id)}
      />,
    );
    expect(grid.getAttribute('aria-activedescendant')).toBe('req-0');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(picked).toEqual(['r0', 'r1']);
    expect(opened).toEqual(['r0']);
  });
});
