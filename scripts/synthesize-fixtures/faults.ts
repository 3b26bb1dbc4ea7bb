// The `faults.*` fixtures: for one provider per protocol, the provider's healthy stream (the same plan and writer as
// stream.text, answering the fault scenario's own request) turned into each misbehaviour. Status faults and broken
// streams are ordinary chunks; socket faults are `response.fault`; the 50 MB body is one chunk and a `repeat`.
import type { CatalogEntry } from '../../src/catalog/providers.ts';
import type { FaultKind } from '../../src/core/fault-kinds.ts';
import type { Fixture, FixtureChunk, FixtureResponse } from '../../src/fixtures/fixture.ts';
import type { Scenario } from '../../src/scenarios/scenarios.ts';
import { MID_STREAM_ERRORS, PORTAL_PAGE, STATUS_ANSWERS, type StatusFault } from './fault-answers.ts';
import { createRng } from './prng.ts';
import { SYNTHESIS_DATE } from './provenance.ts';

/** synthesizeCase of main.ts: runs the adapter against a synthesized answer and records its request. */
export type Synthesize = (provider: CatalogEntry, scenario: Scenario) => Promise<{ fixture: Fixture }>;

/** The size the oversized stream reaches: 50 MiB. */
export const OVERSIZED_BYTES = 50 * 1024 * 1024;

const FILLER = 'The quick brown fox jumps over the lazy dog. '.repeat(90);

/** The chunk that carries the protocol's finish (and everything after it is the end of the stream). */
const FINISH: Record<string, RegExp> = {
  'openai-chat': /"finish_reason":"[a-z_]+"/,
  'mistral-chat': /"finish_reason":"[a-z_]+"/,
  'anthropic-messages': /event: message_delta/,
  gemini: /"finishReason"/,
  'ollama-chat': /"done":true/,
};

/** The first chunk whose text is the answer's first token, "1": the stream is healthy up to and with it. */
const FIRST_TOKEN = /("(?:content|text)":\s*)"1"/;

function eolOf(text: string): string {
  return /\r\n$/.test(text) ? '\r\n' : '\n';
}

/** The first half of the chunk's first event: its JSON cut in half, nothing after it (no end of line). */
function halfEvent(text: string): string {
  const body = text.replace(/(\r?\n)+$/, '');
  const start = body.indexOf('{');
  return body.slice(0, start + Math.floor((body.length - start) / 2));
}

/** The chunk with its JSON cut in half: still framed as an event (or a line), no longer JSON. */
function broken(text: string): string {
  const eol = eolOf(text);
  const cut = halfEvent(text);
  return text.startsWith('{') ? `${cut}${eol}` : `${cut}${eol}${eol}`;
}

/** The answer's last number, "10" (Gemini's with its "\n"), where the split faults' answers add " €" (asked for). */
const LAST_TOKEN = /("(?:content|text)":\s*"[^"]*)10((?:\\n)?")/;
const EURO = '€';

/** The healthy stream with " €" after its "10": the chunk that carries it, and the chunks with it in place. */
function withEuro(healthy: Healthy): { chunks: FixtureChunk[]; at: number } {
  const { chunks } = healthy.response;
  const at = chunks.findLastIndex((chunk, i) => i <= healthy.finish && LAST_TOKEN.test(chunk.text));
  const chunk = chunks[at];
  if (chunk === undefined) throw new Error('the healthy stream has no "10" to add the euro sign to');
  const text = chunk.text.replace(LAST_TOKEN, (_, head: string, end: string) => `${head}10 ${EURO}${end}`);
  return { chunks: chunks.map((c, i) => (i === at ? { ...c, text } : c)), at };
}

const SPLIT_SOURCES = {
  'utf8-split':
    'braintrustdata/braintrust-sdk-javascript#2091 (https://github.com/braintrustdata/braintrust-sdk-javascript/pull/2091): ' +
    'an SSE text_delta split inside a character decoded into U+FFFD; api7/aisix#111 (CJK and emoji split by TCP)',
  'json-split':
    'brave/brave-browser#52830 (https://github.com/brave/brave-browser/issues/52830): an SSE data line split ' +
    'across network reads; truefoundry/llm-locust#18 (JSON lines split among received chunks)',
};

/** The split faults: the whole healthy stream, its answer ending in " €", the chunk carrying it read in two reads. */
function splitFault(kind: 'utf8-split' | 'json-split', healthy: Healthy): FaultResponse {
  const { chunks, at } = withEuro(healthy);
  const chunk = chunks[at] as FixtureChunk;
  const ok = { status: 200, headers: healthy.response.headers };
  const utf8 = kind === 'utf8-split';
  // utf8-split: one byte into the three of "€" (E2 82 AC), the first read ending with E2; json-split: half-way
  // through the event's JSON, between characters.
  const cut = utf8
    ? Buffer.from(chunk.text).indexOf(Buffer.from(EURO)) + 1
    : Buffer.byteLength(halfEvent(chunk.text));
  const where = utf8 ? 'the first ending 1 byte into the 3 of "€"' : 'cut half-way through its JSON';
  return {
    response: { ...ok, chunks: chunks.map((c, i) => (i === at ? { ...c, splitAtBytes: [cut] } : c)) },
    note: `the answer's last chunk ("10 €") read in two reads, ${where} (splitAtBytes), in an otherwise whole stream`,
    source: SPLIT_SOURCES[kind],
  };
}

interface Healthy {
  response: FixtureResponse;
  /** Index of the chunk carrying "1". */
  first: number;
  /** Index of the finish chunk. */
  finish: number;
}

function readHealthy(provider: CatalogEntry, response: FixtureResponse): Healthy {
  const first = response.chunks.findIndex((chunk) => FIRST_TOKEN.test(chunk.text));
  const finish = response.chunks.findIndex((chunk) => FINISH[provider.protocol]?.test(chunk.text));
  if (first < 0 || finish <= first)
    throw new Error(`${provider.id}: the healthy stream has no "1" before its finish`);
  return { response, first, finish };
}

interface FaultResponse {
  response: FixtureResponse;
  note: string;
  source?: string;
  /** The body is the fault's own, nothing of the healthy stream. */
  own?: boolean;
}

function statusFault(provider: CatalogEntry, kind: StatusFault, t: number): FaultResponse {
  const answer = STATUS_ANSWERS[provider.id]?.[kind](createRng(`${provider.id}/faults.${kind}`));
  if (!answer) throw new Error(`no ${kind} answer for ${provider.id}`);
  return {
    response: { status: answer.status, headers: answer.headers, chunks: [{ t, text: answer.body }] },
    note: `HTTP ${answer.status} ${kind}`,
    source: answer.source,
    own: true,
  };
}

function faultResponse(provider: CatalogEntry, kind: FaultKind, healthy: Healthy): FaultResponse {
  const { response, first, finish } = healthy;
  const { chunks } = response;
  const firstChunk = chunks[first] as FixtureChunk;
  const errorAt = Math.max(60, (chunks[0]?.t ?? 200) - 250);
  const ok = { status: 200, headers: response.headers };
  switch (kind) {
    case 'rate-limited':
    case 'server-error':
    case 'overloaded':
      return statusFault(provider, kind, errorAt);
    case 'mid-stream-error': {
      const error = MID_STREAM_ERRORS[provider.id];
      if (!error) throw new Error(`no mid-stream error for ${provider.id}`);
      const text = error.text(eolOf(firstChunk.text));
      return {
        response: { ...ok, chunks: [...chunks.slice(0, first + 1), { t: firstChunk.t + 40, text }] },
        note: 'a 200 stream that reports an error after its first token and ends',
        source: error.source,
      };
    }
    case 'connection-reset':
      return {
        response: { ...ok, chunks, fault: { kind: 'reset', afterChunks: first + 1 } },
        note: 'the connection is reset after the first token (response.fault reset)',
      };
    case 'truncated-stream': {
      const last = chunks[finish] as FixtureChunk;
      return {
        response: { ...ok, chunks: [...chunks.slice(0, finish), { t: last.t, text: halfEvent(last.text) }] },
        note: 'the stream ends cleanly half-way through its finish event, which has no end of line',
      };
    }
    case 'missing-finish':
      return {
        response: { ...ok, chunks: chunks.slice(0, finish) },
        note: "the stream ends cleanly between events, before its finish chunk and the protocol's end marker",
        source:
          'earendil-works/pi#6226 (https://github.com/earendil-works/pi/issues/6226): streams ending with no ' +
          'finish reason',
      };
    case 'invalid-json-chunk': {
      const bad = { t: firstChunk.t + 1, text: broken(chunks[first + 1]?.text ?? firstChunk.text) };
      return {
        response: { ...ok, chunks: [...chunks.slice(0, first + 1), bad, ...chunks.slice(first + 1)] },
        note: 'a chunk whose JSON is cut in half, in an otherwise whole stream',
      };
    }
    case 'empty-body':
      return { response: { ...ok, chunks: [] }, note: 'HTTP 200 with the stream content-type and no body' };
    case 'wrong-content-type':
      return {
        response: {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          chunks: [{ t: errorAt, text: PORTAL_PAGE }],
        },
        note: "a captive portal's HTML sign-in page, served with 200 in place of the API",
        source: 'guessed: a captive portal / proxy intercepting HTTPS traffic with its own page',
        own: true,
      };
    case 'first-byte-timeout':
      return {
        response: { ...ok, chunks: [], fault: { kind: 'never-respond' } },
        note: 'the request is read and never answered (response.fault never-respond)',
      };
    case 'stream-stall':
      return {
        response: { ...ok, chunks, fault: { kind: 'stall', afterChunks: first + 1 } },
        note: 'the stream stops after the first token, the connection left open (response.fault stall)',
      };
    case 'keepalive-comments': {
      const eol = eolOf(firstChunk.text);
      const ndjson = provider.protocol === 'ollama-chat';
      // NDJSON has no comment line; the one line its readers are told to skip is a blank one (ndjson-spec 1.0:
      // "parsers MAY silently ignore empty lines"), what a proxy or a keep-alive writer adds.
      const opening = ndjson ? eol : `: OPENROUTER PROCESSING${eol}${eol}`;
      const between = ndjson ? `${eol}${eol}` : `data: : keepalive${eol}${eol}`;
      const start = chunks[0]?.t ?? 0;
      return {
        response: {
          ...ok,
          chunks: [
            { t: start, text: opening },
            ...chunks.slice(0, first + 1),
            { t: firstChunk.t, text: between },
            { t: firstChunk.t, text: opening },
            ...chunks.slice(first + 1),
          ],
        },
        note: ndjson
          ? 'blank lines before the first line and after the first token, in an otherwise whole NDJSON stream'
          : 'an SSE comment (`: OPENROUTER PROCESSING`) before the first event, and a `data: : keepalive` event ' +
            'and another comment after the first token, in an otherwise whole stream',
        source:
          'deepnoodle-ai/dive#206 (https://github.com/deepnoodle-ai/dive/issues/206): OpenRouter and Vertex keep-alives',
      };
    }
    case 'crlf-framing':
      return {
        response: {
          ...ok,
          chunks: chunks.map((chunk) => ({ ...chunk, text: chunk.text.replace(/\r?\n/g, '\r\n') })),
        },
        note:
          `${chunks.some((chunk) => chunk.text.includes('\r\n')) ? "the provider's own framing, already CRLF in its recorded traffic: " : ''}` +
          'every line break of the healthy stream a CRLF (SSE: "lines must be separated by either a U+000D CARRIAGE ' +
          'RETURN U+000A LINE FEED (CRLF) character pair, a single U+000A LINE FEED (LF) character, or a single ' +
          'U+000D CARRIAGE RETURN (CR) character")',
        source:
          'documented format: the HTML Living Standard, server-sent events, 9.2.5 Parsing an event stream ' +
          '(end-of-line = CRLF / LF / CR); NDJSON readers accept \\r\\n (ndjson-spec 1.0)',
      };
    case 'utf8-split':
    case 'json-split':
      return splitFault(kind, healthy);
    case 'oversized': {
      const chunk = firstChunk.text.replace(
        FIRST_TOKEN,
        (_, field: string) => `${field}${JSON.stringify(FILLER)}`,
      );
      const rest = chunks.reduce((sum, c) => sum + Buffer.byteLength(c.text), 0);
      const times = Math.ceil((OVERSIZED_BYTES - rest) / Buffer.byteLength(chunk));
      return {
        response: { ...ok, chunks, repeat: { chunk, times, at: first + 1 } },
        note: `a well-formed stream of ${times} long text chunks after the first token, 50 MB in all (response.repeat)`,
      };
    }
  }
}

/** A fault fixture: the fault scenario's recorded request, and the provider's healthy stream turned into the fault. */
export async function synthesizeFaultCase(
  provider: CatalogEntry,
  scenario: Scenario,
  synthesize: Synthesize,
): Promise<Fixture> {
  const kind = scenario.expect.fault;
  if (!kind) throw new Error(`${scenario.id} is not a fault scenario`);
  // The stream.text plan answers the fault scenario's request: same model, same answer, its own prompt.
  const { fixture } = await synthesize(provider, { ...scenario, id: 'stream.text' });
  const exchange = fixture.exchanges[0];
  if (!exchange) throw new Error(`${provider.id}/${scenario.id}: no exchange synthesized`);
  const fault = faultResponse(provider, kind, readHealthy(provider, exchange.response));
  const healthySources = fixture.provenance.kind === 'synthesized' ? fixture.provenance.sources : [];
  return {
    ...fixture,
    scenario: scenario.id,
    provenance: {
      kind: 'synthesized',
      date: SYNTHESIS_DATE,
      sources: [...(fault.source ? [fault.source] : []), ...(fault.own ? [] : healthySources)],
      note: `Synthesized fault (no provider reachable; faults are injected, not recorded): ${fault.note}.`,
    },
    exchanges: [{ request: exchange.request, response: fault.response }],
  };
}
