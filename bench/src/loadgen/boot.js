// Entry of the load generator's worker thread: a worker does not inherit the parent's
// TypeScript loader, so it registers tsx's CommonJS hook itself, then loads the TypeScript.
require('tsx/cjs');
require('./worker.ts');
