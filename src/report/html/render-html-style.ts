import { LATENCY_HTML_STYLE } from './render-latency-html-style.ts';

/** The rule for one outcome, on the places it is painted: matrix cells, badges, legend symbols. */
const paint = (mark: string, rule: string) => `td.cell.${mark}, .badge.${mark}, .sym.${mark} { ${rule} }`;

// Outcome colours follow the terminal matrix (green pass, amber known gap, red fail, blue unexpected pass), as
// tints with a dark ink of the same hue so the symbol and its word stay readable; the colour only repeats what
// the symbol and the word say, so nobody depends on telling the hues apart.
const MATRIX_STYLE = `
:root {
  --ok-bg: #e8f7ec; --ok-fg: #116329; --dev-bg: #ffffff; --dev-fg: #1a6b2f; --dev-edge: #4ac26b;
  --gap-bg: #fff1d6; --gap-fg: #7a4300; --fail-bg: #ffd8d3; --fail-fg: #a40e26; --err-bg: #f5dcf3; --err-fg: #7b1d74;
  --news-bg: #d7ecff; --news-fg: #0a4fa3; --skip-fg: #6e7781; --target: #0969da; --ok-badge: #1a7f37;
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    --ok-bg: #10291a; --ok-fg: #7ee2a0; --dev-bg: #0d1117; --dev-fg: #8ddb9f; --dev-edge: #2ea043;
    --gap-bg: #3d2a05; --gap-fg: #f5c46b; --fail-bg: #4a1518; --fail-fg: #ffa198; --err-bg: #3d1739; --err-fg: #f1a6e8;
    --news-bg: #0f2d52; --news-fg: #8cc4ff; --skip-fg: #8b949e; --target: #4493f8; --ok-badge: #238636;
  }
}
main.run { max-width: 1320px; }
p.provenance { margin: -6px 0 12px; padding: 4px 12px; border-left: 4px solid var(--border); background: var(--band);
  font-size: 13.5px; }
h4 { font-size: 1em; margin: 18px 0 4px; }
.verdict { display: inline-block; font-weight: 700; padding: 2px 10px; border-radius: 4px; color: #fff; }
.verdict.passes { background: var(--ok-badge); }
.verdict.fails { background: #cf222e; }
ul.counts li.zero { color: var(--muted); }
ul.counts li.zero .sym { opacity: 0.6; }
ul.counts { display: flex; flex-wrap: wrap; gap: 6px 10px; list-style: none; padding: 0; margin: 10px 0; }
ul.counts li { border: 1px solid var(--border); border-radius: 4px; padding: 1px 8px; }
ul.counts b { font-size: 1.1em; }
ul.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; list-style: none; padding: 0; margin: 8px 0 12px; }
ul.legend .sym { display: inline-block; min-width: 2.2em; text-align: center; border-radius: 3px; padding: 0 4px;
  margin-right: 4px; }
table.matrix { font-size: 13px; }
table.matrix th, table.matrix td { border: 1px solid var(--border); }
table.matrix thead th { text-align: center; white-space: normal; }
table.matrix thead th.provider { min-width: 72px; max-width: 120px; }
table.matrix tbody th { text-align: left; white-space: normal; min-width: 150px; max-width: 260px;
  vertical-align: middle; font-weight: 500; }
table.matrix tbody th code { font-weight: 600; }
table.matrix tbody th .title { display: block; font-weight: 400; font-size: 11.5px; color: var(--muted); }
table.matrix tr.group th { background: var(--head); font-weight: 700; font-size: 13.5px; padding-top: 6px; }
table.matrix th .model { display: block; font-weight: 400; font-size: 11.5px; color: var(--muted);
  overflow-wrap: anywhere; }
table.matrix td.cell { padding: 0; text-align: center; vertical-align: middle; height: 44px; }
td.cell > a, td.cell > span { display: flex; flex-direction: column; align-items: center; justify-content: center;
  height: 100%; padding: 3px 6px; color: inherit; text-decoration: none; }
td.cell > a:hover .txt, td.cell > a:focus .txt { text-decoration: underline; }
td.cell .sym, ul.legend .sym, .badge .sym { font-weight: 700; font-size: 15px; line-height: 1.15; }
td.cell .txt { font-size: 11px; line-height: 1.2; white-space: nowrap; }
${paint('pass', 'background: var(--ok-bg); color: var(--ok-fg);')}
${paint('deviation', 'background: var(--dev-bg); color: var(--dev-fg);')}
td.cell.deviation > a { outline: 1.5px dashed var(--dev-edge); outline-offset: -4px; }
.sym.deviation, .badge.deviation { outline: 1.5px dashed var(--dev-edge); outline-offset: -1px; }
${paint('known-gap', 'background: var(--gap-bg); color: var(--gap-fg);')}
${paint('fail', 'background: var(--fail-bg); color: var(--fail-fg);')}
td.cell.fail .sym, td.cell.error .sym { font-size: 17px; }
${paint('error', 'background: var(--err-bg); color: var(--err-fg);')}
${paint('unexpected-pass', 'background: var(--news-bg); color: var(--news-fg);')}
${paint('skipped', 'color: var(--skip-fg);')}
${paint('missing', 'color: var(--skip-fg);')}
.badge { display: inline-block; border-radius: 4px; padding: 0 7px; margin-right: 6px; font-size: 13px;
  font-weight: 600; }
.badge.skipped, .badge.missing { border: 1px solid var(--border); }
table.faults td.cell .txt { font-size: 11.5px; }
table.scenarios td { white-space: normal; }
section.details h3 { margin-top: 32px; }
article.entry { border: 1px solid var(--border); border-left-width: 5px; border-radius: 4px; padding: 6px 14px 10px;
  margin: 10px 0; scroll-margin-top: 12px; }
article.entry.fail { border-left-color: var(--fail-fg); }
article.entry.error { border-left-color: var(--err-fg); }
article.entry.known-gap { border-left-color: var(--gap-fg); }
article.entry.deviation { border-left-color: var(--dev-edge); }
article.entry.unexpected-pass { border-left-color: var(--news-fg); }
article.entry.skipped { border-left-color: var(--skip-fg); }
article.entry:target, article.entry:has(:target) { outline: 3px solid var(--target); outline-offset: 2px; }
article.entry h4 { margin: 4px 0; }
article.entry .meta { color: var(--muted); font-size: 13px; margin: 2px 0 6px; }
article.entry .catalog { margin: 6px 0; }
article.entry ul.diagnostics { margin: 4px 0; padding-left: 20px; }
article.entry ul.diagnostics li { margin: 6px 0; }
article.entry .tag { color: var(--muted); font-size: 12px; border: 1px solid var(--border); border-radius: 3px;
  padding: 0 4px; margin: 0 2px; }
article.entry pre { margin: 4px 0 0; padding: 6px 10px; background: var(--band); border: 1px solid var(--border);
  border-radius: 4px; font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  white-space: pre-wrap; overflow-wrap: anywhere; }
article.entry .back { font-size: 12px; }
details.observed { margin: 6px 0; }
details.observed summary { cursor: pointer; color: var(--link); }
details.observed pre { margin: 4px 0 0; padding: 6px 10px; background: var(--band); border: 1px solid var(--border);
  border-radius: 4px; font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  white-space: pre-wrap; overflow-wrap: anywhere; }
details.observed p { margin: 4px 0; }
section#latency details { margin: 8px 0; }
section#latency > section > h3 { font-size: 1.25em; margin-top: 40px; padding-top: 8px;
  border-top: 1px solid var(--border); }
section#latency > section > h3 code { font-size: 1em; font-weight: 700; }
section#latency summary { cursor: pointer; color: var(--link); }
`;

/** The run page's stylesheet: the latency page's (charts, tables, light and dark) plus the matrix and details. */
export const RUN_HTML_STYLE = `${LATENCY_HTML_STYLE}${MATRIX_STYLE}`;
