/** What a caught value says: an Error's message, or the value as text (a rejection need not be an Error). */
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
