import { isRecord } from '../../core/is-record.ts';
import { records } from '../shared/wire-view.ts';

const blocksOf = (body: unknown) =>
  (isRecord(body) ? records(body.messages) : []).flatMap((message) => records(message.content));

/** The ids of the `tool_use` blocks a Messages request's history carries, in order. */
export function anthropicToolCallIds(body: unknown): string[] {
  return blocksOf(body)
    .filter((block) => block.type === 'tool_use')
    .map((block) => (typeof block.id === 'string' ? block.id : ''));
}

/** The call ids a Messages request's `tool_result` blocks answer (`tool_use_id`), in order; '' where one has none. */
export function anthropicToolResultIds(body: unknown): string[] {
  return blocksOf(body)
    .filter((block) => block.type === 'tool_result')
    .map((block) => (typeof block.tool_use_id === 'string' ? block.tool_use_id : ''));
}
