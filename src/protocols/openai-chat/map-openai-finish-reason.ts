import { finishReasonMapper } from '../shared/finish-reason-table.ts';

/** Maps an OpenAI-wire `finish_reason` to the neutral vocabulary; providers invent spellings, hence `other`. */
export const mapOpenAIFinishReason = finishReasonMapper({
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
  error: 'error',
});
