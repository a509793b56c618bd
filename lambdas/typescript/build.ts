/**
 * Builds the deployable artifact: one minified, tree-shaken CommonJS file (esbuild)
 * in dist/lambda/index.js, zipped reproducibly into dist/typescript.zip. The AWS SDK is
 * bundled rather than taken from the managed runtime, so the same bytes run locally
 * and on AWS and the measured size is the real one.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundleAliases = require('./bundle-aliases.js') as Record<string, string>;

const here = __dirname;
const taskRoot = path.join(here, 'dist', 'lambda');
const zipFile = path.join(here, 'dist', 'typescript.zip');

fs.rmSync(path.join(here, 'dist'), { recursive: true, force: true });
fs.mkdirSync(taskRoot, { recursive: true });

const result = buildSync({
  entryPoints: [path.join(here, 'src', 'lambda.ts')],
  outfile: path.join(taskRoot, 'index.js'),
  bundle: true,
  minify: true,
  treeShaking: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  // Dependencies the Lambda never runs, replaced by small stand-ins (bundle-aliases.js).
  alias: Object.fromEntries(Object.entries(bundleAliases).map(([pkg, file]) => [pkg, `./${file}`])),
  absWorkingDir: here,
  metafile: true,
  logLevel: 'warning',
});

// Reproducible zip: fixed timestamps, no extra attributes.
const fixedTime = new Date('2000-01-01T00:00:00Z');
for (const file of fs.readdirSync(taskRoot)) fs.utimesSync(path.join(taskRoot, file), fixedTime, fixedTime);
execFileSync('zip', ['-q', '-X', '-D', '-r', zipFile, '.'], { cwd: taskRoot });

const bundleBytes = fs.statSync(path.join(taskRoot, 'index.js')).size;
const zipBytes = fs.statSync(zipFile).size;
const inputs = Object.keys(result.metafile.inputs).length;
console.log(
  `typescript: dist/lambda/index.js ${(bundleBytes / 1024).toFixed(1)} KiB (${inputs} modules), dist/typescript.zip ${(zipBytes / 1024).toFixed(1)} KiB`,
);
