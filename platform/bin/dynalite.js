#!/usr/bin/env node
/**
 * dynalite in its own process (so its work never competes with the gateway's event loop),
 * on 127.0.0.1 and a free port (or --port N, to come back where it was after a restart),
 * which it reports to its parent over IPC. It exits when the parent goes away, even if the
 * parent was killed: no dynalite is ever left behind.
 * Usage: node dynalite.js [--path DIR] [--port N]   (in memory without --path)
 */
const dynalite = require('dynalite');

const arg = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
if (arg('--path')) options.path = arg('--path');

const server = dynalite(options);
server.on('error', (err) => {
  console.error(`dynalite: ${err.message}`);
  process.exit(1);
});
server.listen(Number(arg('--port') ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  if (process.send) process.send({ port });
  else console.log(`dynalite listening on http://127.0.0.1:${port}`);
});
process.on('disconnect', () => process.exit(0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
