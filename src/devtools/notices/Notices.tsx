import type { NoticesState } from './state';

interface Props {
  notices: NoticesState;
  onDismissWarnings: () => void;
  onDismissError: () => void;
}

/** Warnings from the background and the last error, each with a way to dismiss it. */
export function Notices({ notices: { warnings, error }, onDismissWarnings, onDismissError }: Props) {
  return (
    <>
      {warnings.length > 0 && (
        <div class="warning" role="status" data-testid="warning">
          {warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
          <button type="button" class="link" aria-label="dismiss warnings" onClick={onDismissWarnings}>
            dismiss
          </button>
        </div>
      )}
      {error && (
        <div class="error" role="alert" data-testid="error">
          {error}
          <button type="button" class="link" aria-label="dismiss error" onClick={onDismissError}>
            dismiss
          </button>
        </div>
      )}
    </>
  );
}
