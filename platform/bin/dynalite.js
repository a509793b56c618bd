#!/usr/bin/env node
/**
 * dynalite in its own process (so its work never competes with the gateway's event loop),
 * on 127.0.0.1 and a free port, which it reports to its parent over IPC. It exits when the
 * parent goes away, even if the parent was killed: no dynalite is ever left behind.
 * Usage: node dynalite.js [--path DIR]   (in memory without --path)
 */
const dynalite = require('dynalite');

const at = process.argv.indexOf('--path');
const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
if (at > 0 && process.argv[at + 1]) options.path = process.argv[at + 1];

const server = dynalite(options);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  if (process.send) process.send({ port });
  else console.log(`dynalite listening on http://127.0.0.1:${port}`);
});
process.on('disconnect', () => process.exit(0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
