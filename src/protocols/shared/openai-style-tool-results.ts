import { isRecord } from '../../core/is-record.ts';
import { records } from './wire-view.ts';

/** The ids of the calls an OpenAI-style request's assistant messages carry (`tool_calls[].id`), in order. */
export function openAiStyleToolCallIds(body: unknown): string[] {
  const messages = isRecord(body) ? records(body.messages) : [];
  return messages
    .filter((message) => message.role === 'assistant')
    .flatMap((message) => records(message.tool_calls))
    .map((call) => (typeof call.id === 'string' ? call.id : ''));
}

/** The call ids an OpenAI-style request's tool messages answer (`tool_call_id`), in order; '' where one has none. */
export function openAiStyleToolResultIds(body: unknown): string[] {
  const messages = isRecord(body) ? records(body.messages) : [];
  return messages
    .filter((message) => message.role === 'tool')
    .map((message) => (typeof message.tool_call_id === 'string' ? message.tool_call_id : ''));
}
