// Real IndexedDB semantics in Node for the storage unit tests (the e2e tests use Chromium's own).
import 'fake-indexeddb/auto';
