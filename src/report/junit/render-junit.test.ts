import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failure } from '../../core/diagnostic.ts';
import type { RunReport } from '../../core/run-report.ts';
import { everyOutcomeReport, makeCase, makeRunReport } from '../test-support/make-run-report.ts';
import { renderJunit, xmlAttribute, xmlText } from './render-junit.ts';

const NAME = '[A-Za-z_:][-A-Za-z0-9_.:]*';
const REFERENCE = '&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);';
const CHAR_DATA = new RegExp(`^(?:[^<&]|${REFERENCE})*$`, 'u');
const ATTRIBUTE = new RegExp(
  `\\s+(${NAME})\\s*=\\s*(?:"((?:[^<&"]|${REFERENCE})*)"|'((?:[^<&']|${REFERENCE})*)')`,
  'uy',
);
const XML_CHARS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

/**
 * A small XML 1.0 well-formedness check (no DTDs, comments or CDATA, which the renderer never writes): legal
 * characters, one root element, balanced tags, quoted unique attributes, no bare `<` or `&`. Returns the problem.
 */
function wellFormednessProblem(xml: string): string | undefined {
  if (!XML_CHARS.test(xml)) return 'a character XML 1.0 does not allow';
  let at = 0;
  const prolog = /^<\?xml[^?]*\?>/.exec(xml);
  if (prolog) at = prolog[0].length;
  const open: string[] = [];
  let roots = 0;
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    const text = xml.slice(at, lt === -1 ? xml.length : lt);
    if (!CHAR_DATA.test(text)) return `bad character data near ${JSON.stringify(text.slice(0, 40))}`;
    if (open.length === 0 && text.trim() !== '') return 'text outside the root element';
    if (lt === -1) break;
    const close = new RegExp(`^</(${NAME})\\s*>`, 'u').exec(xml.slice(lt));
    if (close) {
      if (open.pop() !== close[1]) return `unbalanced </${close[1]}>`;
      at = lt + close[0].length;
      continue;
    }
    const start = new RegExp(`^<(${NAME})`, 'u').exec(xml.slice(lt));
    if (!start) return `bad markup near ${JSON.stringify(xml.slice(lt, lt + 40))}`;
    const name = start[1]!;
    let pos = lt + start[0].length;
    const seen = new Set<string>();
    for (;;) {
      ATTRIBUTE.lastIndex = pos;
      const attribute = ATTRIBUTE.exec(xml);
      if (!attribute) break;
      if (seen.has(attribute[1]!)) return `attribute ${attribute[1]} twice on <${name}>`;
      seen.add(attribute[1]!);
      pos = ATTRIBUTE.lastIndex;
    }
    const end = /^\s*(\/?)>/.exec(xml.slice(pos));
    if (!end) return `bad attribute on <${name}> near ${JSON.stringify(xml.slice(pos, pos + 40))}`;
    if (open.length === 0 && ++roots > 1) return 'more than one root element';
    if (end[1] !== '/') open.push(name);
    at = pos + end[0].length;
  }
  if (open.length > 0) return `<${open.at(-1)}> is never closed`;
  return roots === 1 ? undefined : 'no root element';
}

/** Each `<name …/>` or `<name …>…</name>` (attribute values never hold a raw `>`; elements never nest in themselves). */
function elements(xml: string, name: string): string[] {
  return xml.match(new RegExp(`<${name}(?:\\s[^>]*?)?(?:/>|>[^]*?</${name}>)`, 'g')) ?? [];
}

function attribute(element: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1];
}

describe('the well-formedness check', () => {
  it('accepts a well-formed document and rejects broken ones', () => {
    expect(
      wellFormednessProblem('<?xml version="1.0"?>\n<a x="1 &amp; 2"><b/>t &lt; u</a>\n'),
    ).toBeUndefined();
    expect(wellFormednessProblem('<a><b></a>')).toMatch(/unbalanced/);
    expect(wellFormednessProblem('<a x="1" x="2"/>')).toMatch(/twice/);
    expect(wellFormednessProblem('<a>R&D</a>')).toMatch(/character data/);
    expect(wellFormednessProblem('<a x="<"/>')).toMatch(/bad attribute/);
    expect(wellFormednessProblem('<a/><b/>')).toMatch(/more than one root/);
    expect(wellFormednessProblem('<a>\u001b[31m</a>')).toMatch(/does not allow/);
  });
});

describe('renderJunit', () => {
  const xml = renderJunit(everyOutcomeReport());

  it('is well-formed XML with one testsuite per provider and one testcase per scenario', () => {
    expect(wellFormednessProblem(xml)).toBeUndefined();
    expect(elements(xml, 'testsuite').map((s) => attribute(s, 'name'))).toEqual([
      'openai',
      'together',
      'anthropic',
    ]);
    const names = elements(xml, 'testcase').map((c) => attribute(c, 'name'));
    expect(names).toHaveLength(everyOutcomeReport().cases.length);
    expect(names).toContain('openai › tools.stream');
    const root = elements(xml, 'testsuites')[0]!;
    expect([
      attribute(root, 'tests'),
      attribute(root, 'failures'),
      attribute(root, 'errors'),
      attribute(root, 'skipped'),
    ]).toEqual(['11', '1', '1', '3']);
  });

  it('turns a fail into <failure> and an error into <error>, with the diagnostics as message and body', () => {
    const [failed] = elements(xml, 'testcase').filter((c) => c.includes('name="openai › tools.stream"'));
    expect(attribute(failed!, 'time')).toBe('0.010');
    const failureElement = elements(failed!, 'failure')[0]!;
    expect(attribute(failureElement, 'type')).toBe('missing-index');
    expect(attribute(failureElement, 'message')).toBe(
      'missing-index: a tool_calls delta has no index: arguments cannot be assembled',
    );
    expect(failureElement).toContain('evidence: {"delta":{}}');
    const [errored] = elements(xml, 'testcase').filter((c) => c.includes('name="openai › errors.auth"'));
    expect(attribute(elements(errored!, 'error')[0]!, 'message')).toBe(
      'fixture not found: openai/errors.auth.json',
    );
  });

  it('reports a known gap as a skip that says so and keeps its diagnostics, and a skip as a skip', () => {
    const [gap] = elements(xml, 'testcase').filter((c) => c.includes('name="together › tools.stream"'));
    expect(attribute(elements(gap!, 'skipped')[0]!, 'message')).toBe(
      'known gap: tool calls arrive as &lt;|python_tag|&gt; text',
    );
    expect(gap).toContain('<system-out>[failure] tool-call-as-text: the tool call came back as text');
    expect(gap).not.toContain('<failure');
    const [skipped] = elements(xml, 'testcase').filter((c) => c.includes('name="together › errors.auth"'));
    expect(attribute(elements(skipped!, 'skipped')[0]!, 'message')).toBe('TOGETHER_API_KEY is not set');
  });

  it('keeps an unexpected pass and a pass with deviations passing, with a note', () => {
    const [news] = elements(xml, 'testcase').filter((c) =>
      c.includes('name="anthropic › output.json-schema"'),
    );
    expect(news).toContain('<system-out>unexpected pass');
    expect(news).not.toMatch(/<(failure|error|skipped)/);
    const [tolerated] = elements(xml, 'testcase').filter((c) =>
      c.includes('name="openai › output.json-schema"'),
    );
    expect(tolerated).toContain('[deviation] no-done-sentinel');
    const [plain] = elements(xml, 'testcase').filter((c) => c.includes('name="openai › chat.basic"'));
    expect(plain).toMatch(/\/>$/);
  });

  it('escapes markup, quotes and characters XML cannot hold, wherever they come from', () => {
    const nasty = 'a <b> & "q" \'s\' ]]> \u001b[31m \u0000 \ud800 \uffff\nline two';
    const report = makeRunReport([
      makeCase({
        provider: 'open"ai',
        model: 'm<1>',
        scenario: 'chat.<basic>',
        status: 'fail',
        reason: nasty,
        diagnostics: [failure('code&x', nasty, nasty)],
      }),
    ]);
    const out = renderJunit(report);
    expect(wellFormednessProblem(out)).toBeUndefined();
    expect(out).toContain('\\x1b[31m');
    expect(out).toContain('\\x00');
    expect(out).toContain('\\ud800');
    expect(xmlAttribute('a\nb\t"c"')).toBe('a&#10;b&#9;&quot;c&quot;');
    expect(xmlText('<&>')).toBe('&lt;&amp;&gt;');
  });

  it('renders the committed baseline of the recorded run: ten providers, 140 cases, well-formed', async () => {
    const report = JSON.parse(
      await readFile(resolve(import.meta.dirname, '../../../baselines/conformance.json'), 'utf8'),
    ) as RunReport;
    const out = renderJunit(report);
    expect(wellFormednessProblem(out)).toBeUndefined();
    expect(report.providers).toHaveLength(10);
    expect(elements(out, 'testsuite')).toHaveLength(10);
    expect(elements(out, 'testcase')).toHaveLength(report.cases.length);
    expect(out).toMatch(/<testcase name="together › tools\.stream"[^>]*>\s*<skipped message="known gap: /);
  });
});
