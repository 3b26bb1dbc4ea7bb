import { isRecord } from '../../core/is-record.ts';
import { isNonEmptyString, tokenCount } from '../shared/json-value.ts';
import { EMPTY_VIEW, type WireFormat, type WireView } from '../shared/wire-event.ts';
import { emptyView, errorSummary, records, toolCallFragment, wireUsage } from '../shared/wire-view.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';

function readCandidate(view: WireView, candidate: Record<string, unknown>): void {
  const choice = typeof candidate.index === 'number' ? candidate.index : 0;
  const content = isRecord(candidate.content) ? candidate.content : {};
  for (const part of records(content.parts)) {
    if (typeof part.text === 'string') {
      view.deltas.push({ type: part.thought === true ? 'reasoning' : 'text', text: part.text, choice });
    }
    const call = part.functionCall;
    if (isRecord(call)) {
      view.toolCalls.push(
        toolCallFragment(choice, call, { id: call.id, name: call.name, arguments: call.args }),
      );
    }
  }
  if (isNonEmptyString(candidate.finishReason)) {
    const raw = candidate.finishReason;
    view.finishes.push({ choice, raw, reason: mapGeminiFinishReason(raw, false) });
  }
}

function readResponse(view: WireView, response: Record<string, unknown>): void {
  const candidates = records(response.candidates);
  for (const candidate of candidates) readCandidate(view, candidate);
  const feedback = isRecord(response.promptFeedback) ? response.promptFeedback : {};
  if (isNonEmptyString(feedback.blockReason) && candidates.length === 0) {
    view.finishes.push({ choice: 0, raw: feedback.blockReason, reason: 'content-filter', blocked: true });
  }
  const usage = response.usageMetadata;
  if (isRecord(usage)) {
    const candidatesTokens = tokenCount(usage.candidatesTokenCount);
    const thoughts = tokenCount(usage.thoughtsTokenCount);
    const output =
      candidatesTokens === undefined && thoughts === undefined
        ? undefined
        : (candidatesTokens ?? 0) + (thoughts ?? 0);
    // A JSON array of responses reads as one: the last count given wins.
    const read = wireUsage({
      input: usage.promptTokenCount,
      output,
      total: usage.totalTokenCount,
      cached: usage.cachedContentTokenCount,
      reasoning: usage.thoughtsTokenCount,
    });
    view.usage = { ...view.usage, ...read };
  }
  if (response.error !== undefined && response.error !== null) {
    const summary = errorSummary(response.error, ['code', 'status', 'message']);
    view.error = summary === undefined ? {} : { summary };
  }
}

/**
 * Gemini: each stream event, and a whole answer, is a GenerateContentResponse (a JSON array of them when a stream
 * is read whole). Text parts are text, or reasoning when marked `thought`; a function call arrives whole in one
 * part. A blocked prompt (`promptFeedback.blockReason`, no candidate) is a content-filter finish. `usageMetadata` is
 * a running total: output is candidates plus thoughts tokens.
 */
export function readGeminiValue(value: unknown): WireView {
  const responses = Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? [value] : [];
  if (responses.length === 0) return EMPTY_VIEW;
  const view = emptyView();
  for (const response of responses) readResponse(view, response);
  return view;
}

export const GEMINI_WIRE: WireFormat = { framing: 'sse', read: readGeminiValue };
