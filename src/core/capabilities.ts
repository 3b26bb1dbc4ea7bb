/** What a provider can be expected to do. Each scenario exercises exactly one capability. */
export const CAPABILITIES = {
  chat: 'plain chat completion',
  'system-prompt': 'system instructions',
  'multi-turn': 'conversation history',
  streaming: 'streamed text',
  'stream-usage': 'token usage reported in a stream',
  tools: 'tool calls',
  'parallel-tools': 'several tool calls in one turn',
  'tool-roundtrip': 'tool results fed back for a final answer',
  'tool-errors': 'a tool result reporting an error, answered in text without calling the tool again',
  'tool-chains': 'dependent tool calls over several turns, each using the result before it',
  'tool-streaming': 'tool calls assembled from streamed deltas',
  'tool-choice': 'forcing or forbidding tool calls',
  'tool-schemas': 'tool parameters in full JSON Schema ($defs/$ref, type arrays, format, nested objects)',
  'structured-output': 'output constrained to a JSON schema',
  'json-mode': 'JSON mode: the answer is a JSON object, no schema',
  reasoning: "a reasoning model's thinking, apart from the answer where the protocol puts it",
  'reasoning-state': "a thinking model's tool round trip, its reasoning state (signatures) sent back",
  'structured-tools':
    'structured output with tools offered: a tool call first, then JSON valid against the schema',
  'image-input': 'a picture sent inline with the question, read by the model',
  'document-input': 'a PDF sent inline with the question, read by the model',
  'output-limits': 'an output limit that cuts the answer, reported as such (finish length)',
  'stop-sequences': 'stop sequences honoured: the answer ends before them',
  'auth-errors': 'a bad key answered with an authentication error',
  'model-errors': 'an unknown model answered with a not-found error',
  'request-errors': 'an invalid request answered with a typed bad-request error, streamed or not',
  'fault-handling': 'a misbehaving provider (or the path to it) recognised and named',
} as const;

export type Capability = keyof typeof CAPABILITIES;

/** A capability whose scenarios need the model of another, unless a model is named for it: a thinking model's tool turn. */
export const MODEL_OF: Partial<Record<Capability, Capability>> = { 'reasoning-state': 'reasoning' };

export const CAPABILITY_IDS = Object.keys(CAPABILITIES) as Capability[];
