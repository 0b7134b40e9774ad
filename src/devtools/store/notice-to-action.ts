import type { PanelNotice } from '../../shared/protocol';
import type { Action } from './actions';

/**
 * What a notice from the background changes in the store. `sessions-changed` changes nothing by itself:
 * the controller re-reads the library when it arrives.
 */
export function noticeToAction(notice: PanelNotice, tabId: number | null): Action[] {
  switch (notice.type) {
    case 'tab-state':
      return notice.state.tabId === tabId ? [{ type: 'tab', tab: notice.state }] : [];
    case 'warning':
      return [{ type: 'warning', message: notice.message }];
    case 'sessions-changed':
    case 'trace-stored':
      return [];
  }
}
