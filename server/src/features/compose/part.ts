// The entry of the language server's compose half (dist/server-compose.js in the bundles): the
// `yaml` package, the compose model, rules and editor features. features/composePart.ts loads it
// the first time a compose document needs it; what it imports from the rest of the server comes
// from dist/server.js, not from copies of its own (scripts/lib/server-split.mjs).
export { ComposeDocuments } from './index';
export { findComposeRule } from '../../rules/compose';
