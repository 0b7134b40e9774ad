/**
 * The page bridge's channel name, kept apart from protocol.ts (which re-exports it) so that the MAIN-world
 * hooks can import it without pulling in the protocol's zod schemas. Bump the version with the message shapes.
 */
export const PAGE_BRIDGE_CHANNEL = 'tandem/page-bridge/v1';
