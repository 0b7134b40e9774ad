import { describe, expect, it } from 'vitest';
import { noticeToAction } from '../../../../src/devtools/store/notice-to-action';
import { TAB, tabState } from '../fixtures';

describe('noticeToAction', () => {
  it("turns the controlled tab's state into a tab action", () => {
    const state = tabState({ recording: true });
    expect(noticeToAction({ type: 'tab-state', state }, TAB)).toEqual([{ type: 'tab', tab: state }]);
  });

  it("ignores another tab's state, and every tab's state where no tab is controlled (viewer)", () => {
    const other = tabState({ tabId: TAB + 1 });
    expect(noticeToAction({ type: 'tab-state', state: other }, TAB)).toEqual([]);
    expect(noticeToAction({ type: 'tab-state', state: tabState() }, null)).toEqual([]);
  });

  it('turns a warning into a warning action', () => {
    expect(noticeToAction({ type: 'warning', message: 'Storage is full' }, TAB)).toEqual([
      { type: 'warning', message: 'Storage is full' },
    ]);
  });

  it('changes nothing on sessions-changed (the controller re-reads instead)', () => {
    expect(noticeToAction({ type: 'sessions-changed' }, TAB)).toEqual([]);
  });
});
