/**
 * storage.local holds the settings, trace sources' auth headers (Sentry tokens) among them. Chrome lets
 * content scripts read and write it by default, and a content script runs in pages a site controls: one
 * renderer bug away from the site. Only the extension's own pages and worker get it (TRUSTED_CONTEXTS); the
 * recorder never needs it (its config arrives over the recorder port).
 */
interface AccessLevelArea {
  setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }) => Promise<void>;
}

export async function restrictToExtension(area: AccessLevelArea, report: (message: string) => void): Promise<void> {
  try {
    if (!area.setAccessLevel) throw new Error('setAccessLevel is not available');
    await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  } catch (e) {
    report(`storage.local stays readable by content scripts: ${e instanceof Error ? e.message : String(e)}`);
  }
}
