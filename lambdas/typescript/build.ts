/**
 * Builds the deployable artifact: one minified, tree-shaken CommonJS file (esbuild)
 * in dist/lambda/index.js, zipped reproducibly into dist/typescript.zip. The AWS SDK is
 * bundled rather than taken from the managed runtime, so the same bytes run locally
 * and on AWS and the measured size is the real one. The request validators are compiled
 * here, ahead of time (src/aot.ts), instead of at every cold start.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { aotValidatorsModule } from './src/aot';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file shared with jest.config.js
const bundleAliases = require('./bundle-aliases.js') as Record<string, string>;

const here = __dirname;
const dist = path.join(here, 'dist');
const taskRoot = path.join(dist, 'lambda');
const zipFile = path.join(dist, 'typescript.zip');
const aotFile = path.join(dist, 'aot-validators.js');

/** Bundles the generated validators module in place of src/aot-validators.ts. */
const useAotValidators: Plugin = {
  name: 'aot-validators',
  setup: (b) => b.onResolve({ filter: /^\.\/aot-validators$/ }, () => ({ path: aotFile })),
};

async function main(): Promise<void> {
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(taskRoot, { recursive: true });
  const aot = aotValidatorsModule();
  fs.writeFileSync(aotFile, aot.code);

  const result = await build({
    entryPoints: [path.join(here, 'src', 'lambda.ts')],
    outfile: path.join(taskRoot, 'index.js'),
    bundle: true,
    minify: true,
    treeShaking: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    legalComments: 'none',
    plugins: [useAotValidators],
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

  const kib = (file: string) => (fs.statSync(file).size / 1024).toFixed(1);
  console.log(
    `typescript: ${aot.count} request validators compiled ahead of time; ` +
      `dist/lambda/index.js ${kib(path.join(taskRoot, 'index.js'))} KiB (${Object.keys(result.metafile.inputs).length} modules), ` +
      `dist/typescript.zip ${kib(zipFile)} KiB`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
