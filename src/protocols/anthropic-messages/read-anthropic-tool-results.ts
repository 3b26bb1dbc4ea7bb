import { isRecord } from '../../core/is-record.ts';
import type { FlaggedToolResult } from '../protocol-definition.ts';
import { records } from '../shared/wire-view.ts';

function toolResultBlocks(body: unknown): Record<string, unknown>[] {
  const messages = isRecord(body) ? records(body.messages) : [];
  return messages
    .flatMap((message) => records(message.content))
    .filter((block) => block.type === 'tool_result');
}

/** The call ids a Messages request's `tool_result` blocks answer (`tool_use_id`), in order; '' where one has none. */
export function anthropicToolResultIds(body: unknown): string[] {
  return toolResultBlocks(body).map((block) =>
    typeof block.tool_use_id === 'string' ? block.tool_use_id : '',
  );
}

/** The `tool_result` blocks of a Messages request, in order, each flagged an error by `is_error: true`. */
export function anthropicToolResultFlags(body: unknown): FlaggedToolResult[] {
  return toolResultBlocks(body).map((block) => ({
    isError: block.is_error === true,
    json: JSON.stringify(block),
  }));
}
