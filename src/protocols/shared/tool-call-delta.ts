import type { StreamEvent } from '../../core/adapter-contract.ts';

export type ToolCallDeltaEvent = Extract<StreamEvent, { type: 'tool-call-delta' }>;

export interface ToolCallDeltaParts {
  id?: string;
  name?: string;
  argumentsDelta?: string;
  signature?: string;
}

/** A tool-call-delta event that carries only the parts this fragment brings: empty ones stay out. */
export function toolCallDelta(index: number, parts: ToolCallDeltaParts): ToolCallDeltaEvent {
  const event: ToolCallDeltaEvent = { type: 'tool-call-delta', index };
  if (parts.id) event.id = parts.id;
  if (parts.name) event.name = parts.name;
  if (parts.argumentsDelta) event.argumentsDelta = parts.argumentsDelta;
  if (parts.signature) event.signature = parts.signature;
  return event;
}
