/**
 * `npm run docs`: a static Redoc site for the contract in docs/site/, usable with the
 * network off. Redoc's standalone bundle is copied next to the page (no CDN), the
 * contract is embedded as an object (no fetch), and the page names no remote font:
 * Redoc falls back to the system's fonts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
export const SITE = path.join(ROOT, 'docs', 'site');
const REDOC = path.join(ROOT, 'node_modules', 'redoc', 'bundles');

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export function page(spec: unknown, title: string): string {
  // `<` escaped so that no string in the contract can close the script element.
  const embedded = JSON.stringify(spec).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<div id="redoc"></div>
<script src="redoc.standalone.js"></script>
<script>
Redoc.init(${embedded}, {
  hideDownloadButton: false,
  expandResponses: "200,201",
  theme: { typography: { fontFamily: ${JSON.stringify(FONT)}, headings: { fontFamily: ${JSON.stringify(FONT)} }, code: { fontFamily: "ui-monospace, Menlo, Consolas, monospace" } } }
}, document.getElementById("redoc"));
</script>
</body>
</html>
`;
}

export function buildDocs(outDir: string = SITE): string[] {
  const spec = parse(fs.readFileSync(path.join(ROOT, 'openapi', 'openapi.yaml'), 'utf8')) as { info: { title: string; version: string } };
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'index.html'), page(spec, `${spec.info.title} ${spec.info.version}`));
  fs.copyFileSync(path.join(REDOC, 'redoc.standalone.js'), path.join(outDir, 'redoc.standalone.js'));
  fs.copyFileSync(path.join(REDOC, 'redoc.standalone.js.LICENSE.txt'), path.join(outDir, 'redoc.standalone.js.LICENSE.txt'));
  fs.writeFileSync(path.join(outDir, 'openapi.json'), JSON.stringify(spec, null, 2));
  return fs.readdirSync(outDir);
}

if (require.main === module) {
  const files = buildDocs();
  console.log(`docs: ${path.relative(ROOT, SITE)}/ (${files.join(', ')}); open docs/site/index.html, no network needed`);
}
