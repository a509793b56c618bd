/** An incomplete run says so at the top of its summary and report, not only in results.json. */

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function markSummaryIncomplete(markdown: string, reasons: readonly string[] | undefined): string {
  if (!reasons?.length) return markdown;
  return `> **Incomplete run**: what was measured is kept, but the run stopped early or lacks figures:\n${reasons.map((r) => `> - ${r.replace(/\n/g, ' ')}`).join('\n')}\n\n${markdown}`;
}

export function markReportIncomplete(html: string, reasons: readonly string[] | undefined): string {
  if (!reasons?.length) return html;
  const banner = `<div role="alert" style="border:2px solid #b00;padding:0.5em 1em;margin:1em 0"><strong>Incomplete run</strong>: what was measured is kept, but the run stopped early or lacks figures.<ul>${reasons.map((r) => `<li>${escape(r)}</li>`).join('')}</ul></div>`;
  const body = /<body[^>]*>/i.exec(html);
  return body ? html.slice(0, body.index + body[0].length) + banner + html.slice(body.index + body[0].length) : banner + html;
}
