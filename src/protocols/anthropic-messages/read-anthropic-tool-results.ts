import { isRecord } from '../../core/is-record.ts';
import { records } from '../shared/wire-view.ts';

/** The call ids a Messages request's `tool_result` blocks answer (`tool_use_id`), in order; '' where one has none. */
export function anthropicToolResultIds(body: unknown): string[] {
  const messages = isRecord(body) ? records(body.messages) : [];
  return messages
    .flatMap((message) => records(message.content))
    .filter((block) => block.type === 'tool_result')
    .map((block) => (typeof block.tool_use_id === 'string' ? block.tool_use_id : ''));
}
