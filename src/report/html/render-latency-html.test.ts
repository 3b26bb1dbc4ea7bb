import { describe, expect, it } from 'vitest';
import type { Distribution } from '../../core/latency-report.ts';
import {
  makeDistribution,
  makeLatencyCell,
  makeLatencyReport,
  SAMPLE_NO_ITL,
  SAMPLE_OUTLIER,
  sampleLatencyReport,
} from '../../latency/test-support/make-latency-report.ts';
import { renderLatencyHtml } from './render-latency-html.ts';

const dist = (fields: Partial<Distribution>): Distribution => ({ ...makeDistribution(100), ...fields });

const VOID = new Set([
  'meta',
  'br',
  'hr',
  'img',
  'input',
  'link',
  'area',
  'base',
  'col',
  'embed',
  'source',
  'wbr',
]);

/** The first tag that does not close what it should, or undefined when every tag is balanced. */
function unbalanced(html: string): string | undefined {
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^<>]*?(\/?)>/g)) {
    const [, closing, rawName, selfClosing] = match;
    const name = rawName!.toLowerCase();
    if (selfClosing || VOID.has(name)) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) return `</${name}> at ${match.index}`;
  }
  return stack.length > 0 ? `unclosed <${stack.at(-1)}>` : undefined;
}

const decodeEntities = (text: string) =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

const textOf = (html: string) => decodeEntities(html.replace(/<[^>]*>/g, '')).trim();

/** The rows of the table whose caption starts with `caption`, each as its cells' text. */
function tableRows(html: string, caption: string): string[][] {
  const start = html.indexOf(`<caption>${caption}`);
  if (start < 0) throw new Error(`no table ${caption}`);
  const table = html.slice(start, html.indexOf('</table>', start));
  return [...table.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => textOf(cell[1]!)),
  );
}

/** The SVG whose aria-label is `label`. */
function svg(html: string, label: string): string {
  const at = html.indexOf(`aria-label="${label}"`);
  if (at < 0) throw new Error(`no chart ${label}`);
  const start = html.lastIndexOf('<svg', at);
  return html.slice(start, html.indexOf('</svg>', at) + 6);
}

function exactReport() {
  return makeLatencyReport([
    makeLatencyCell({
      provider: 'alpha',
      scenario: 'stream.text',
      concurrency: 1,
      ttftMs: { n: 38, min: 5.01, max: 300.4, mean: 50.55, p50: 8.44, p90: 9.96, p95: 60, p99: 123.5 },
      outputTokensPerSecond: dist({ p50: 83.26, p90: 95.5, min: 0.456, max: 120 }),
      tokenSource: 'estimate',
      requestThroughput: 0.456,
      tokenThroughput: 62.4,
    }),
    makeLatencyCell({
      provider: 'alpha',
      scenario: 'stream.text',
      concurrency: 8,
      ttftMs: dist({ p50: 20, p99: 250 }),
    }),
    makeLatencyCell({
      provider: 'beta',
      scenario: 'stream.text',
      concurrency: 8,
      ttftMs: dist({ p50: 31.5, p99: 402 }),
      itlMs: dist({ p50: 4.44, p90: 5, p99: 9.5 }),
      errors: 3,
      errorRate: 0.075,
      errorKinds: { timeout: 1, 'rate-limited': 2 },
    }),
  ]);
}

describe('renderLatencyHtml', () => {
  const html = renderLatencyHtml(exactReport());
  const sample = renderLatencyHtml(sampleLatencyReport());

  it('is one well-formed, self-contained page', () => {
    for (const page of [html, sample]) {
      expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
      expect(unbalanced(page)).toBeUndefined();
      expect(page).not.toMatch(/https?:\/\//);
      expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|@font-face|\ssrc=/i);
      for (const href of page.matchAll(/href="([^"]*)"/g)) expect(href[1]).toMatch(/^#/);
    }
  });

  it('the balance check catches a stray tag', () => {
    expect(unbalanced('<div><span></div>')).toBe('</div> at 11');
    expect(unbalanced('<div><svg><rect/></svg>')).toBe('unclosed <div>');
  });

  it('names every chart: an aria-label and a title on each SVG', () => {
    const svgs = [...sample.matchAll(/<svg[^>]*>(<title>[^<]+<\/title>)?/g)];
    expect(svgs).toHaveLength(12);
    for (const [tag, title] of svgs) {
      expect(tag).toMatch(/ role="img" aria-label="[^"]+"/);
      expect(title).toBeDefined();
    }
  });

  it('escapes every string from the report', () => {
    const report = makeLatencyReport([
      makeLatencyCell({
        provider: '<script>alert(1)</script>',
        scenario: '"><img src=x onerror=alert(1)>',
        model: '</style><b>',
        errors: 1,
        errorRate: 0.025,
        errorKinds: { '<i>kind</i>': 1 },
      }),
    ]);
    const page = renderLatencyHtml(report);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&lt;i&gt;kind&lt;/i&gt;');
    expect(page).not.toMatch(/<script|<img|<b>|<i>/);
    expect(page.match(/<\/style>/g)).toHaveLength(1);
    expect(unbalanced(page)).toBeUndefined();
  });

  it('gives the TTFT figures of each provider and level in the table under the chart', () => {
    const rows = tableRows(html, 'TTFT (ms), stream.text');
    expect(rows[0]).toEqual([
      'provider',
      'load',
      'samples',
      'min',
      'p50',
      'p90',
      'p95',
      'p99',
      'max',
      'mean',
    ]);
    expect(rows[1]).toEqual(['alpha', 'c=1', '38', '5.0', '8.4', '10', '60', '124', '300', '51']);
    expect(rows[2]![0]).toBe('c=8');
    expect(rows[3]!.slice(0, 2)).toEqual(['beta', 'c=8']);
  });

  it('gives output speed, token source and run throughput under the bar chart', () => {
    const rows = tableRows(html, 'Output speed (tok/s) and run throughput, stream.text');
    expect(rows[1]).toEqual(['alpha', 'c=1', '83', '96', '0.46', '120', 'estimate', '0.46', '62']);
    const bars = svg(html, 'Output speed (tokens per second, median) per provider, stream.text');
    expect(bars).toContain('>83 tok/s (est.)</text>');
  });

  it('gives ITL, E2E, chunk gaps, errors with their kinds, and the event loop in a last table', () => {
    const rows = tableRows(html, 'stream.text: n is measured requests');
    const beta = rows.find((r) => r[0] === 'beta')!;
    expect(beta.slice(0, 5)).toEqual(['beta', 'c=8', '4.4', '5.0', '9.5']);
    expect(beta.at(-3)).toBe('3 (7.5%): rate-limited 2, timeout 1');
    expect(beta.slice(-2)).toEqual(['1.2', '3.4']);
  });

  it('draws TTFT p50 and p99 against concurrency, one line per provider, when there are several levels', () => {
    const p99 = svg(html, 'Time to first token p99 (ms) against concurrency, stream.text');
    expect(p99.match(/<g class="series">/g)).toHaveLength(2);
    expect(p99).toContain('<title>alpha · c=8 · TTFT p99 250 ms</title>');
    expect(p99).toContain('>concurrency (requests in flight, log scale)</text>');
    const rows = tableRows(html, 'TTFT (ms) by concurrency, stream.text');
    expect(rows[0]).toEqual(['provider', 'c=1', 'c=8']);
    expect(rows[2]).toEqual(['alpha', '8.4', '124', '20', '250']);
    expect(rows[3]).toEqual(['beta', '–', '–', '32', '402']);
  });

  it('draws no concurrency chart for a single level', () => {
    const page = renderLatencyHtml(makeLatencyReport([makeLatencyCell({ provider: 'a', scenario: 's' })]));
    expect(page.match(/<svg/g)).toHaveLength(2);
    expect(page).not.toContain('against concurrency');
  });

  it('marks errors and a skewed event loop beside the box', () => {
    const box = svg(html, 'Time to first token (ms) per provider, stream.text');
    expect(box).toContain('<tspan class="bad">7.5% failed</tspan>');
    expect(sample).toContain('<tspan class="warn">⚠ loop</tspan>');
  });

  it('cuts a far outlier off the axis and writes its value', () => {
    const box = svg(sample, `Time to first token (ms) per provider, ${SAMPLE_OUTLIER.scenario}`);
    expect(box.match(/class="arrow"/g)).toHaveLength(1);
    expect(box).toContain('>max 30512</tspan>');
  });

  it('says why a bar is missing', () => {
    const bars = svg(
      sample,
      `Output speed (tokens per second, median) per provider, ${SAMPLE_NO_ITL.scenario}`,
    );
    expect(bars).toContain('no figure (needs two or more output tokens)');
  });

  it('follows the light or dark colour scheme and prints', () => {
    expect(html).toContain('@media screen and (prefers-color-scheme: dark)');
    expect(html).toContain('@media print');
  });

  it('says at the top that a report is partial, and why; and when the local clock fell back', () => {
    const cells = [makeLatencyCell({ provider: 'openai', scenario: 'chat.basic' })];
    const page = renderLatencyHtml(
      makeLatencyReport(cells, {
        complete: false,
        stopped: 'the run timeout of 5000 ms was reached (--run-timeout)',
        cellsPlanned: 2,
        clock: 'tap',
        clockFallback: 'no <headers> event came',
      }),
    );
    expect(page).toContain(
      '<p class="alert">Partial report: the run timeout of 5000 ms was reached (--run-timeout); 1 of 2 cells ' +
        'measured.</p>',
    );
    expect(page).toContain('failed the self-check at start (no &lt;headers&gt; event came)');
    expect(html).not.toContain('class="alert"');
  });

  it('is deterministic', () => {
    expect(renderLatencyHtml(exactReport())).toBe(html);
    expect(renderLatencyHtml(sampleLatencyReport())).toBe(sample);
  });
});
