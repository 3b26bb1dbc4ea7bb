import { describe, expect, it } from 'vitest';
import { failure } from '../../core/diagnostic.ts';
import {
  makeLatencyCell,
  makeLatencyReport,
  sampleLatencyReport,
} from '../../latency/test-support/make-latency-report.ts';
import { everyOutcomeReport, makeCase, makeRunReport } from '../test-support/make-run-report.ts';
import { renderHtmlReport } from './render-html-report.ts';

const ids = (html: string) => [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);
const links = (html: string) => [...html.matchAll(/href="#([^"]*)"/g)].map((m) => m[1]!);

/** The `<tr>` of the matrix row for `scenario`. */
function row(html: string, scenario: string): string {
  const match = new RegExp(`<tr data-scenario="${scenario}">.*?</tr>`).exec(html);
  if (!match) throw new Error(`no row ${scenario}`);
  return match[0];
}

/** The `<td>` of one matrix cell. */
function cell(html: string, provider: string, scenario: string): string {
  const match = new RegExp(
    `<td class="cell [^"]*" data-provider="${provider}" data-scenario="${scenario}">.*?</td>`,
  ).exec(row(html, scenario));
  if (!match) throw new Error(`no cell ${provider} ${scenario}`);
  return match[0];
}

/** The details entry (an `<article>`) holding the element with this id. */
function entry(html: string, id: string): string {
  const at = html.indexOf(` id="${id}"`);
  if (at < 0) throw new Error(`no element #${id}`);
  const start = html.lastIndexOf('<article', at);
  return html.slice(start, html.indexOf('</article>', at) + '</article>'.length);
}

function withFaults() {
  const report = everyOutcomeReport();
  const faults = [
    makeCase({
      provider: 'openai',
      model: 'gpt-4o',
      scenario: 'faults.rate-limited',
      capability: 'fault-handling',
      status: 'pass',
      fault: { expected: 'rate-limited', observed: 'rate-limited', raised: true, message: 'HTTP 429' },
    }),
    makeCase({
      provider: 'anthropic',
      model: 'claude',
      scenario: 'faults.rate-limited',
      capability: 'fault-handling',
      status: 'fail',
      fault: { expected: 'rate-limited', observed: 'server-error', raised: true, message: 'HTTP 500' },
      diagnostics: [failure('misclassified-fault', 'expected rate-limited, classified as server-error')],
    }),
  ];
  return makeRunReport([...report.cases, ...faults]);
}

describe('renderHtmlReport', () => {
  it('draws one row per scenario, under its group, and one column per provider, each cell with its outcome', () => {
    const html = renderHtmlReport({ conformance: everyOutcomeReport() });
    const matrix = html.slice(html.indexOf('<table class="matrix">'), html.indexOf('</table>'));
    expect(
      [...matrix.matchAll(/<th scope="col" class="provider" data-provider="([^"]+)">/g)].map((m) => m[1]),
    ).toEqual(['openai', 'together', 'anthropic']);
    expect(matrix).toContain('data-provider="together">together<code class="model">llama-3b</code></th>');
    expect([...matrix.matchAll(/<tbody data-group="([^"]*)">/g)].map((m) => m[1])).toEqual([
      'chat',
      'tools',
      'output',
      'errors',
    ]);
    expect(matrix).toContain('<tr class="group"><th scope="rowgroup" colspan="4">tools</th></tr>');
    expect([...matrix.matchAll(/<tr data-scenario="([^"]+)">/g)].map((m) => m[1])).toEqual([
      'chat.basic',
      'tools.stream',
      'output.json-schema',
      'errors.auth',
    ]);
    expect(row(html, 'tools.stream')).toContain(
      '<th scope="row" title="tools.stream — title of tools.stream"><code>stream</code>',
    );
    expect(row(html, 'chat.basic').match(/<td class="cell /g)).toHaveLength(3);
    expect(cell(html, 'openai', 'chat.basic')).toContain('class="cell pass"');
    expect(cell(html, 'openai', 'tools.stream')).toMatch(/class="cell fail".*✗.*fail/);
    expect(cell(html, 'together', 'tools.stream')).toMatch(/class="cell known-gap".*✗ᵏ.*known gap/);
    expect(cell(html, 'openai', 'output.json-schema')).toMatch(/class="cell deviation".*✓\*.*deviation/);
    expect(cell(html, 'anthropic', 'output.json-schema')).toContain('class="cell unexpected-pass"');
    expect(cell(html, 'openai', 'errors.auth')).toMatch(/class="cell error".*E.*error/);
    expect(cell(html, 'anthropic', 'errors.auth')).toMatch(/class="cell missing".*no result/);
  });

  it('links every cell that is not a plain pass to one details entry, and plain passes to none', () => {
    const html = renderHtmlReport({ conformance: everyOutcomeReport() });
    expect(cell(html, 'openai', 'chat.basic')).not.toContain('href');
    expect(cell(html, 'anthropic', 'errors.auth')).not.toContain('href');
    const targets = links(html).filter((id) => id.startsWith('c-'));
    // In the order the table shows them: scenario by scenario, provider by provider.
    expect(targets).toEqual([
      'c-openai-tools.stream',
      'c-together-tools.stream',
      'c-openai-output.json-schema',
      'c-together-output.json-schema',
      'c-anthropic-output.json-schema',
      'c-openai-errors.auth',
      'c-together-errors.auth',
    ]);
    const all = ids(html);
    for (const target of targets) expect(all.filter((id) => id === target)).toHaveLength(1);
    expect(new Set(all).size).toBe(all.length);
  });

  it("shows a failing cell's answer open, and a passing cell's on demand in the answers section", () => {
    const report = everyOutcomeReport();
    const answer = (text: string) => ({
      text: { text, trimmedFrom: 900 },
      toolCalls: [{ id: '', name: 'get_weather', arguments: '{"city":' }],
      finish: { reason: 'stop' as const, raw: 'STOP' },
      usage: { input: 5, output: 2, total: 7 },
    });
    const at = (provider: string, scenario: string) =>
      report.cases.find((c) => c.provider === provider && c.scenario === scenario)!;
    at('together', 'tools.stream').observed = answer('<|python_tag|>');
    at('openai', 'chat.basic').observed = answer('Paris');
    const html = renderHtmlReport({ conformance: report });
    const known = entry(html, 'c-together-tools.stream');
    expect(known).toContain('<details class="observed" open><summary>What the provider answered</summary>');
    expect(known).toContain('<pre>&lt;|python_tag|&gt;</pre>');
    expect(known).toContain('(first 14 of 900 characters)');
    expect(known).toContain('<code>get_weather</code> (no id) <span class="tag">not JSON</span>');
    expect(known).toContain('<strong>Finish</strong> <code>stop</code>, on the wire <code>STOP</code>');
    expect(known).toContain('input 5 · output 2 · total 7');
    const answers = html.split('<section id="answers"')[1]?.split('</section>')[0];
    expect(answers).toContain('<details class="observed"><summary>openai › chat.basic</summary>');
    expect(answers).not.toContain('together');
    expect(links(html)).toContain('answers');
  });

  it('gives a known gap its diagnostics, escaped evidence and the catalog reason', () => {
    const html = renderHtmlReport({ conformance: everyOutcomeReport() });
    const known = entry(html, 'c-together-tools.stream');
    expect(known).toContain('class="entry known-gap"');
    expect(known).toContain('<code>tool-call-as-text</code>');
    expect(known).toContain('<pre>&lt;|python_tag|&gt;{&quot;name&quot;: &quot;get_weather&quot;}</pre>');
    expect(known).toContain('<strong>Catalog:</strong> tool calls arrive as &lt;|python_tag|&gt; text');
    expect(entry(html, 'c-openai-errors.auth')).toContain('fixture not found: openai/errors.auth.json');
    expect(entry(html, 'c-openai-output.json-schema')).toContain('<code>no-done-sentinel</code>');
  });

  it('orders the details as the footnotes do: what fails CI first, skips last', () => {
    const html = renderHtmlReport({ conformance: everyOutcomeReport() });
    const headings = [...html.matchAll(/<h3 id="details-([^"]+)"/g)].map((m) => m[1]);
    expect(headings).toEqual(['fails-ci', 'unexpected-pass', 'known-gap', 'deviation', 'skipped']);
  });

  it('lands the links of cells that share a skip reason on one entry', () => {
    const html = renderHtmlReport({ conformance: everyOutcomeReport() });
    const shared = entry(html, 'c-together-output.json-schema');
    expect(entry(html, 'c-together-errors.auth')).toBe(shared);
    expect(shared).toContain('TOGETHER_API_KEY is not set');
  });

  it('escapes everything from the report, markup and control characters alike', () => {
    const hostile = makeRunReport([
      makeCase({
        provider: 'x"><script>alert(1)</script>',
        model: '<img src=x onerror=alert(1)>',
        scenario: 'tools.stream',
        status: 'fail',
        diagnostics: [
          failure('a<b', 'message with </pre><script>x</script> and \u202e reversed', '</pre>`"\'&'),
        ],
      }),
    ]);
    const html = renderHtmlReport({ conformance: hostile });
    expect(html).not.toMatch(/<script|<img|<\/pre><script/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<pre>&lt;/pre&gt;`&quot;&#39;&amp;</pre>');
    expect(html).not.toContain('\u202e');
    expect(html).toContain('\\u202e');
    for (const id of ids(html)) expect(id).toMatch(/^[\w.-]+$/);
  });

  it('is self-contained: no scripts, no external resources, nothing to fetch', () => {
    const html = renderHtmlReport({ conformance: withFaults(), latency: sampleLatencyReport() });
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|\ssrc=|href="(?!#)/i);
  });

  it('renders the same bytes for the same reports', () => {
    const input = { conformance: withFaults(), latency: sampleLatencyReport() };
    expect(renderHtmlReport(input)).toBe(renderHtmlReport(structuredClone(input)));
  });

  it('adds the fault section, a second table with its own links, only when the run has fault cases', () => {
    expect(renderHtmlReport({ conformance: everyOutcomeReport() })).not.toContain('id="faults"');
    const html = renderHtmlReport({ conformance: withFaults() });
    const faults = html.slice(html.indexOf('<section id="faults">'), html.indexOf('<section id="details"'));
    expect(faults).toContain('<table class="matrix faults">');
    expect(faults).toMatch(
      /<td class="cell pass" data-provider="openai" data-scenario="faults.rate-limited">.*rate-limited/,
    );
    expect(faults).toContain('href="#c-anthropic-faults.rate-limited"');
    expect(faults).toMatch(/class="cell fail".*server-error/);
    const misclassified = entry(html, 'c-anthropic-faults.rate-limited');
    expect(misclassified).toContain('<code>misclassified-fault</code>');
    expect(misclassified).toContain(
      'injected <code>rate-limited</code>, classified <code>server-error</code>',
    );
    // The fault scenarios are rows of their own table, not of the matrix.
    const matrix = html.slice(html.indexOf('<table class="matrix">'), html.indexOf('</table>'));
    expect(matrix).not.toContain('faults.');
  });

  it('adds the latency charts and tables only when given a latency report, with ids of their own', () => {
    expect(renderHtmlReport({ conformance: everyOutcomeReport() })).not.toContain('<svg');
    const latency = makeLatencyReport([
      makeLatencyCell({ provider: 'openai', scenario: 'stream.text', concurrency: 1 }),
      makeLatencyCell({ provider: 'openai', scenario: 'stream.text', concurrency: 8 }),
      makeLatencyCell({ provider: 'together', scenario: 'stream.text', concurrency: 1 }),
    ]);
    const html = renderHtmlReport({ conformance: everyOutcomeReport(), latency });
    const section = html.slice(
      html.indexOf('<section id="latency">'),
      html.indexOf('<section id="scenarios">'),
    );
    expect(section).toContain('<section id="latency-scenario-1">');
    expect(section).toContain('<h3><code>stream.text</code></h3>');
    expect(section).toContain('aria-label="Time to first token (ms) per provider, stream.text"');
    expect(section).toContain('aria-label="Time to first token p50 (ms) against concurrency, stream.text"');
    expect(section).toContain('<caption>TTFT (ms), stream.text; samples: successful requests</caption>');
    expect(html).toContain('<a href="#latency">Latency</a>');
    const all = ids(html);
    expect(new Set(all).size).toBe(all.length);
  });

  it('says in the header where the replayed fixtures came from, and in each entry where its fixture did', () => {
    const report = everyOutcomeReport();
    for (const result of report.cases) {
      result.provenance = {
        kind: 'synthesized',
        date: '2026-11-26',
        sources: [
          'wire-samples/x.json (llamastack/llama-stack@4a5ef65, MIT)',
          'documented format: <b>errors</b>',
        ],
      };
    }
    const html = renderHtmlReport({ conformance: report });
    const header = html.slice(html.indexOf('<header>'), html.indexOf('</header>'));
    expect(header).toContain(
      '<p class="provenance">Fixtures: synthesized from documented formats and recorded traffic of llama-stack ' +
        '(MIT), 2026-11-26 — not live captures</p>',
    );
    expect(entry(html, 'c-together-tools.stream')).toContain(
      'fixture synthesized 2026-11-26 from wire-samples/x.json (llamastack/llama-stack@4a5ef65, MIT); ' +
        'documented format: &lt;b&gt;errors&lt;/b&gt;',
    );
    expect(renderHtmlReport({ conformance: everyOutcomeReport() })).not.toContain('class="provenance"');
  });

  it('shows the verdict and the counts in the header, and says when the run was cut short', () => {
    const html = renderHtmlReport({ conformance: everyOutcomeReport() });
    const header = html.slice(html.indexOf('<header>'), html.indexOf('</header>'));
    expect(header).toContain('<span class="verdict fails">CI would fail (1 fail, 1 error)</span>');
    expect(header).toMatch(/data-outcome="known-gap".*<b>1<\/b> known gap</);
    expect(header).toContain('recorded mode');
    expect(header).not.toContain('interrupted');
    const partial = makeRunReport(everyOutcomeReport().cases, { complete: false });
    expect(renderHtmlReport({ conformance: partial })).toContain('The run was interrupted');
  });
});
