import { finishReasonMapper } from '../shared/finish-reason-table.ts';

export const mapAnthropicFinishReason = finishReasonMapper({
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
});
