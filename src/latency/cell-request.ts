import type { ChatRequest, Message } from '../core/adapter-contract.ts';
import type { Scenario } from '../scenarios/scenarios.ts';

export interface BenchRequestOptions {
  model: string;
  /**
   * A per-request tag appended to the last user message, so that no response or prompt cache can answer from an
   * earlier request; undefined sends the scenario's messages exactly (recorded mode: the fixture must match).
   */
  tag?: string;
}

function tagged(messages: readonly Message[], tag: string): Message[] {
  const last = messages.findLastIndex((message) => message.role === 'user');
  return messages.map((message, i) =>
    i === last && message.role === 'user'
      ? { ...message, content: `${message.content}\n\n(request ${tag})` }
      : message,
  );
}

/**
 * The request a benchmark sends for a scenario: its first request (a follow-up turn is not measured). A tagged
 * (varied) streaming request also asks for usage where the protocol needs asking, so that output tokens are
 * counted rather than estimated; providers that reject `stream_options` are spared it by their adapter quirk.
 */
export function benchRequest(scenario: Scenario, options: BenchRequestOptions): ChatRequest {
  const request: ChatRequest = { ...scenario.request, model: options.model };
  if (options.tag === undefined) return request;
  request.messages = tagged(scenario.request.messages, options.tag);
  if (scenario.stream) request.includeUsage = true;
  return request;
}
