import { isRecord } from '../../core/is-record.ts';
import { records } from './wire-view.ts';

/** The call ids an OpenAI-style request's tool messages answer (`tool_call_id`), in order; '' where one has none. */
export function openAiStyleToolResultIds(body: unknown): string[] {
  const messages = isRecord(body) ? records(body.messages) : [];
  return messages
    .filter((message) => message.role === 'tool')
    .map((message) => (typeof message.tool_call_id === 'string' ? message.tool_call_id : ''));
}
