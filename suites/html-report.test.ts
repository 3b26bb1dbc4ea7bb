import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/core/run-report.ts';
import { sampleLatencyReport } from '../src/latency/test-support/make-latency-report.ts';
import { renderHtmlReport } from '../src/report/html/render-html-report.ts';
import { CHROMIUM_INSTALL, Chromium, type ChromiumPage, findChromium } from './support/chromium.ts';
import { BIN } from './support/run-cli.ts';

// The recorded run rendered as reports/index.html, opened from file:// in Debian's headless Chromium: what a reader
// downloading the CI artifact sees. Everything, the screenshot included, is written into a temporary folder.
const root = resolve(import.meta.dirname, '..');
const VIEWPORT = { width: 1400, height: 1000 };
const skip = process.env.LLMCOMPAT_SKIP_BROWSER === '1';

if (skip) {
  console.warn(
    '\n*** LLMCOMPAT_SKIP_BROWSER=1: the browser test of reports/index.html is SKIPPED; nothing checked that the ' +
      'page renders. ***\n',
  );
}

/** The run the CLI makes on a clean checkout, recorded and offline, without this process's LLMCOMPAT_* settings. */
async function recordedRun(out: string): Promise<RunReport> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('LLMCOMPAT_')),
  );
  try {
    await promisify(execFile)(process.execPath, ['--', BIN, 'run', '--out', out], {
      cwd: root,
      env: { ...env, CI: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    // A run with a failing case still writes its report, and the page must show it; no report is the failure.
    const failed = error as { code?: number; stderr?: string };
    if (failed.code !== 1)
      throw new Error(`llmcompat run failed (${failed.code}): ${failed.stderr ?? error}`);
  }
  return JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
}

describe.skipIf(skip)('reports/index.html in headless Chromium', () => {
  let out: string | undefined;
  let browser: Chromium | undefined;
  let page: ChromiumPage;
  let pageUrl: string;
  let report: RunReport;

  beforeAll(async () => {
    const executable = findChromium();
    if (!executable) {
      throw new Error(
        'Chromium is not installed, and the HTML report is checked in a real browser. Install it with ' +
          `\`${CHROMIUM_INSTALL}\` (Debian/Ubuntu; .ci/run does), point LLMCOMPAT_CHROMIUM at a Chromium binary, ` +
          'or set LLMCOMPAT_SKIP_BROWSER=1 to skip this test on purpose.',
      );
    }
    out = await mkdtemp(join(tmpdir(), 'llmcompat-html-'));
    const [run, chromium] = await Promise.all([recordedRun(out), Chromium.launch(executable)]);
    report = run;
    browser = chromium;
    const file = join(out, 'index.html');
    await writeFile(file, renderHtmlReport({ conformance: report, latency: sampleLatencyReport() }));
    pageUrl = pathToFileURL(file).href;
    page = await browser.open(pageUrl, VIEWPORT);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('shows the matrix with a row per scenario under its group and the ten providers across, in catalog order', async () => {
    const columns = await page.evaluate<string[]>(
      `[...document.querySelectorAll('table.matrix:not(.faults) thead th[data-provider]')]
        .map((head) => head.dataset.provider)`,
    );
    expect(columns).toEqual(report.providers.map((p) => p.id));
    expect(columns).toHaveLength(10);
    const rows = await page.evaluate<{ scenario: string; cells: string[] }[]>(
      `[...document.querySelectorAll('table.matrix:not(.faults) tbody tr[data-scenario]')].map((row) => ({
        scenario: row.dataset.scenario,
        cells: [...row.querySelectorAll('td[data-provider]')].map((cell) => cell.dataset.provider),
      }))`,
    );
    expect(rows.map((row) => row.scenario)).toEqual(report.scenarios.map((s) => s.id));
    for (const row of rows) expect(row.cells).toEqual(columns);
    const groups = await page.evaluate<string[]>(
      `[...document.querySelectorAll('table.matrix:not(.faults) tr.group th')].map((th) => th.innerText.trim())`,
    );
    // The scenarios' groups (the id before the dot), in the order the scenarios come.
    expect(groups).toEqual([...new Set(report.scenarios.map((s) => s.id.split('.')[0]))]);
  });

  it('says under the run facts that the fixtures are synthesized, not live captures', async () => {
    const text = await page.evaluate<string>(`document.querySelector('header .provenance').innerText`);
    expect(text).toMatch(/^Fixtures: synthesized from .* — not live captures$/);
  });

  it('shows Together’s streaming tool call as a known gap whose link leads to its reason and evidence', async () => {
    const shown = await page.evaluate<{ classes: string; text: string; href: string | null }>(`(() => {
      const cell = document.querySelector('td[data-provider="together"][data-scenario="tools.stream"]');
      return { classes: cell.className, text: cell.innerText, href: cell.querySelector('a')?.getAttribute('href') };
    })()`);
    expect(shown.classes).toContain('known-gap');
    expect(shown.text).toMatch(/✗ᵏ\s*known gap/);
    expect(shown.href).toBe('#c-together-tools.stream');

    const landed = await page.evaluate<{
      hash: string;
      id: string;
      text: string;
      top: number;
    }>(`(async () => {
      document.querySelector('td[data-provider="together"][data-scenario="tools.stream"] a').click();
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const target = document.querySelector(':target');
      const entry = target.closest('article');
      return { hash: location.hash, id: entry.id, text: entry.innerText, top: entry.getBoundingClientRect().top };
    })()`);
    expect(landed.hash).toBe('#c-together-tools.stream');
    expect(landed.id).toBe('c-together-tools.stream');
    expect(landed.text).toContain('tool-call-as-text');
    expect(landed.text).toContain('<|python_tag|>');
    expect(landed.text).toMatch(/Catalog: .*tool calls arrive as <\|python_tag\|> text/);
    // The browser scrolled the entry into view.
    expect(landed.top).toBeGreaterThanOrEqual(-1);
    expect(landed.top).toBeLessThan(VIEWPORT.height / 2);
  });

  it('loads nothing but itself: no request beyond the file, no resource entries', async () => {
    expect(page.requests.filter((url) => url !== pageUrl)).toEqual([]);
    expect(await page.evaluate<number>(`performance.getEntriesByType('resource').length`)).toBe(0);
  });

  it('draws the latency charts as inline SVG', async () => {
    const charts = await page.evaluate<{ label: string; width: number }[]>(
      `[...document.querySelectorAll('#latency svg.chart')].map((svg) => ({
        label: svg.getAttribute('aria-label'), width: svg.getBoundingClientRect().width }))`,
    );
    expect(charts.length).toBeGreaterThan(0);
    expect(charts.map((c) => c.label)).toContain('Time to first token (ms) per provider, stream.text');
    for (const chart of charts) expect(chart.width).toBeGreaterThan(200);
  });

  it('saves a screenshot of the header and the matrix as a PNG, and follows a dark scheme', async () => {
    await page.evaluate(`(history.replaceState(null, '', location.pathname), scrollTo(0, 0))`);
    const bottom = await page.evaluate<number>(
      `Math.ceil(document.querySelector('#matrix').getBoundingClientRect().bottom + scrollY)`,
    );
    const screenshot = join(out!, 'index.png');
    await page.screenshot(screenshot, { x: 0, y: 0, width: VIEWPORT.width, height: bottom + 16 });
    const png = await readFile(screenshot);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(VIEWPORT.width);
    expect(png.readUInt32BE(20)).toBe(bottom + 16);

    const background = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.colorScheme('dark');
    expect(await background()).toBe('rgb(13, 17, 23)');
  });
});
