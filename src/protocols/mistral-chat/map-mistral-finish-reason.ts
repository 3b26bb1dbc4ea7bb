import { finishReasonMapper } from '../shared/finish-reason-table.ts';

/** Maps Mistral's `finish_reason`; `model_length` (the model's context ran out) is a length stop too. */
export const mapMistralFinishReason = finishReasonMapper({
  stop: 'stop',
  length: 'length',
  model_length: 'length',
  tool_calls: 'tool-calls',
  error: 'error',
});
