import { describe, expect, it } from 'vitest';
import type { CaseProvenance } from '../core/case-result.ts';
import { describeProvenance } from './describe-provenance.ts';
import { makeCase, makeRunReport } from './test-support/make-run-report.ts';

const TOGETHER_SAMPLE =
  'wire-samples/llama-stack/together/6730dcde0b73.json (llamastack/llama-stack@4a5ef65, MIT)';
const AI_SDK_SAMPLE = 'wire-samples/ai-sdk/openai/openai-text.json (vercel/ai@ed857f5, Apache-2.0)';
const DOCS = 'documented format: Ollama API /api/chat (NDJSON stream, done line with durations in ns)';

const synthesized = (...sources: string[]): CaseProvenance => ({
  kind: 'synthesized',
  date: '2026-11-26',
  sources,
});
const recorded = (date: string): CaseProvenance => ({ kind: 'recorded', date });

/** A report with one case per (provider, provenance) pair, in that order. */
function report(cells: [string, CaseProvenance | undefined][]) {
  return makeRunReport(
    cells.map(([provider, provenance], i) => {
      const result = makeCase({ provider, scenario: `chat.s${i}`, status: 'pass' });
      if (provenance) result.provenance = provenance;
      return result;
    }),
  );
}

describe('describeProvenance', () => {
  it('names the sources of synthesized fixtures, their licences and date, and says they are not live captures', () => {
    expect(
      describeProvenance(
        report([
          ['openai', synthesized(AI_SDK_SAMPLE, TOGETHER_SAMPLE)],
          ['together', synthesized(TOGETHER_SAMPLE)],
          ['ollama', synthesized(DOCS)],
        ]),
      ),
    ).toEqual([
      'Fixtures: synthesized from documented formats and recorded traffic of llama-stack (MIT) and the Vercel AI ' +
        'SDK (Apache-2.0), 2026-11-26 — not live captures',
    ]);
  });

  it('says where nothing was documented and the fixture was guessed, and counts sources it cannot place', () => {
    const guessed = 'guessed: a gateway in front of the API answering 502 with its own HTML page';
    const lines = describeProvenance(
      report([
        ['openai', synthesized('https://platform.openai.com/docs/guides/error-codes', guessed, 'a blog')],
      ]),
    );
    expect(lines).toEqual([
      'Fixtures: synthesized from documented formats, guesses where nothing is documented, and 1 other source, ' +
        '2026-11-26 — not live captures',
    ]);
  });

  it('says when fixtures were recorded, as one date or a span', () => {
    expect(describeProvenance(report([['openai', recorded('2026-12-01T10:00:00.000Z')]]))).toEqual([
      'Fixtures: recorded live on 2026-12-01',
    ]);
    expect(
      describeProvenance(
        report([
          ['openai', recorded('2026-12-01')],
          ['cohere', recorded('2026-10-02')],
        ]),
      ),
    ).toEqual(['Fixtures: recorded live 2026-10-02 to 2026-12-01']);
  });

  it('lists the providers whose fixtures differ from most, grouped by what theirs are', () => {
    const lines = describeProvenance(
      report([
        ['openai', synthesized(AI_SDK_SAMPLE)],
        ['cohere', synthesized(DOCS)],
        ['together', synthesized(TOGETHER_SAMPLE)],
        ['mistral', recorded('2026-12-01')],
        ['google', recorded('2026-12-01')],
        ['anthropic', recorded('2026-12-01')],
        ['anthropic', synthesized(AI_SDK_SAMPLE)],
      ]),
    );
    expect(lines).toEqual([
      'Fixtures: synthesized from documented formats and recorded traffic of llama-stack (MIT) and the Vercel AI ' +
        'SDK (Apache-2.0), 2026-11-26 — not live captures',
      'Except mistral, google: recorded live on 2026-12-01; anthropic: 1 case recorded live on 2026-12-01, ' +
        '1 case synthesized from recorded traffic of the Vercel AI SDK (Apache-2.0), 2026-11-26',
    ]);
  });

  it('leaves a recorded majority unqualified and names the synthesized few', () => {
    const lines = describeProvenance(
      report([
        ['openai', recorded('2026-12-01')],
        ['cohere', recorded('2026-12-01')],
        ['ollama', synthesized(DOCS)],
      ]),
    );
    expect(lines).toEqual([
      'Fixtures: recorded live on 2026-12-01',
      'Except ollama: synthesized from documented formats, 2026-11-26',
    ]);
  });

  it('says nothing for a run that replayed no fixture (live), and ignores cases without one', () => {
    expect(describeProvenance(report([['openai', undefined]]))).toEqual([]);
    expect(
      describeProvenance(
        report([
          ['openai', undefined],
          ['cohere', recorded('2026-12-01')],
        ]),
      ),
    ).toEqual(['Fixtures: recorded live on 2026-12-01']);
  });

  it('keeps control characters and markup of a hostile source out of the text', () => {
    const [line] = describeProvenance(
      report([['openai', { kind: 'recorded', date: '\u001b[31m<b>today' } as CaseProvenance]]),
    );
    expect(line).not.toContain('\u001b');
    expect(line).toContain('\\x1b');
  });
});
