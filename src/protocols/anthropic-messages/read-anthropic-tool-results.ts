import { isRecord } from '../../core/is-record.ts';
import type { FlaggedToolResult } from '../protocol-definition.ts';
import { records } from '../shared/wire-view.ts';

function blocksOf(body: unknown, type: 'tool_use' | 'tool_result'): Record<string, unknown>[] {
  return (isRecord(body) ? records(body.messages) : [])
    .flatMap((message) => records(message.content))
    .filter((block) => block.type === type);
}

/** The ids of the `tool_use` blocks a Messages request's history carries, in order. */
export function anthropicToolCallIds(body: unknown): string[] {
  return blocksOf(body, 'tool_use').map((block) => (typeof block.id === 'string' ? block.id : ''));
}

/** The call ids a Messages request's `tool_result` blocks answer (`tool_use_id`), in order; '' where one has none. */
export function anthropicToolResultIds(body: unknown): string[] {
  return blocksOf(body, 'tool_result').map((block) =>
    typeof block.tool_use_id === 'string' ? block.tool_use_id : '',
  );
}

/** The `tool_result` blocks of a Messages request, in order, each flagged an error by `is_error: true`. */
export function anthropicToolResultFlags(body: unknown): FlaggedToolResult[] {
  return blocksOf(body, 'tool_result').map((block) => ({
    isError: block.is_error === true,
    json: JSON.stringify(block),
  }));
}
