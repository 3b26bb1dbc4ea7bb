import type {
  ChatRequest,
  FinishReason,
  JsonSchema,
  Message,
  ToolDefinition,
} from '../core/adapter-contract.ts';
import type { Capability } from '../core/capabilities.ts';
import type { FaultKind } from '../core/fault-kinds.ts';
import { PHRASE_DOCUMENT, WORD_PICTURE } from './input-files.ts';

/** The errors a scenario can ask for: a bad key, an unknown model, a request the API must refuse. */
export type ExpectedError = 'auth' | 'unknown-model' | 'bad-request';

/** What a scenario's answer must look like. Every field is optional; each present one is checked. */
export interface Expectation {
  /** Regular expression (case-insensitive) the answer text must match. */
  textMatches?: string;
  /** The answer must have some text. */
  text?: boolean;
  toolCalls?: {
    min: number;
    max?: number;
    /** Every call must be to one of these tools. */
    names: string[];
  };
  /**
   * Each call's named argument must match its regular expression (case-insensitive): the value an earlier tool
   * result gave, so that a call made without reading that result fails (`argument-not-from-result`).
   */
  argumentsMatch?: Record<string, string>;
  /** No tool call may be made. */
  noToolCalls?: boolean;
  /**
   * The tool the request forced by name (`toolChoice: {name}`): a call must come, and only to it; the checks of
   * `toolCalls` apply to an answer that honoured the choice.
   */
  forced?: string;
  finish?: FinishReason;
  /** Token usage must be reported (output tokens > 0). */
  usage?: boolean;
  /** The text must be JSON valid against this schema. */
  json?: JsonSchema;
  /** A stream must deliver its text in at least this many pieces (a single blob is not streaming). */
  minTextDeltas?: number;
  /** A stop sequence the request sent: the text must end before it, so it may not contain it. */
  stopBefore?: string;
  /**
   * The model must show that it reasoned: thinking text where the protocol puts it (apart from the answer), or,
   * where the provider keeps the text to itself (OpenAI), reasoning tokens in the usage. Thinking inside the answer
   * text (`<think>` tags) is `reasoning-in-content`.
   */
  reasoning?: boolean;
  /** The request must fail with this kind of error. */
  error?: ExpectedError;
  /** The harness must classify what happened as this fault (the fixture injects it). */
  fault?: FaultKind;
}

export interface Scenario {
  id: string;
  capability: Capability;
  title: string;
  stream: boolean;
  request: Omit<ChatRequest, 'model'>;
  expect: Expectation;
  /**
   * The scenario that asks the same thing without streaming: a provider's two answers must agree in finish reason,
   * tool names and argument shape (`stream-disagrees` on this, the streamed cell, when they do not).
   */
  streamOf?: string;
  /** The next exchange of a tool conversation: the tool results fed back, and what its answer must be. */
  followUp?: FollowUp;
  /** Send a deliberately invalid key (errors.auth). */
  invalidKey?: boolean;
  /** Ask for a model that does not exist (errors.unknown-model). */
  model?: string;
  /** Only these providers run the scenario (default: every provider). */
  providers?: readonly string[];
  /**
   * Run with these limits and no retries, replay included, so that the fault a fixture injects is what is observed
   * (a retried 429 would hide the 429) and a timeout fault takes a fraction of a second.
   */
  limits?: ScenarioLimits;
}

/** What a tool gave back: its output, or the error it failed with (sent flagged as one, tools.error-result). */
export type ToolResult = string | { error: string };

/** One more round of a tool conversation, sent when the answer before it made tool calls. */
export interface FollowUp {
  /** The result fed back for each call, by tool name. */
  toolResults: Record<string, ToolResult>;
  expect: Expectation;
  /** The round after this one, for calls that depend on this round's results (tools.sequential). */
  then?: FollowUp;
}

/** The tools whose result in this round is an error: a call to one of them again is the loop a client hits. */
export function failedTools(round: Pick<FollowUp, 'toolResults'> | undefined): Set<string> {
  const entries = Object.entries(round?.toolResults ?? {});
  return new Set(entries.filter(([, result]) => typeof result !== 'string').map(([name]) => name));
}

/** The rounds after a scenario's first exchange, in order. */
export function followUpRounds(scenario: Pick<Scenario, 'followUp'>): FollowUp[] {
  const rounds: FollowUp[] = [];
  for (let round = scenario.followUp; round; round = round.then) rounds.push(round);
  return rounds;
}

/** What the answer to a scenario's exchange `index` (0 the first) must look like. */
export function stepExpectation(
  scenario: Pick<Scenario, 'expect' | 'followUp'>,
  index: number,
): Expectation | undefined {
  return index === 0 ? scenario.expect : followUpRounds(scenario)[index - 1]?.expect;
}

export interface ScenarioLimits {
  /** No response headers within this → first-byte-timeout. */
  requestTimeoutMs: number;
  /** No body bytes for this long → stream-stall. */
  idleTimeoutMs: number;
  /** A body past this many bytes → oversized (default: the run's cap). */
  maxResponseBytes?: number;
}

/** Whether a scenario is run for a provider (fault scenarios run for one provider per protocol). */
export function appliesTo(scenario: Pick<Scenario, 'providers'>, providerId: string): boolean {
  return scenario.providers === undefined || scenario.providers.includes(providerId);
}

export const WEATHER_TOOL: ToolDefinition = {
  name: 'get_weather',
  description: 'Get the current weather for a city.',
  parameters: {
    type: 'object',
    properties: {
      city: { type: 'string', description: 'City name, e.g. Paris' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    },
    required: ['city'],
    additionalProperties: false,
  },
};

/** The first of two dependent calls (tools.sequential): its result is what the weather call must ask for. */
export const OFFICE_TOOL: ToolDefinition = {
  name: 'get_office_city',
  description: "Get the city of a company's head office.",
  parameters: {
    type: 'object',
    properties: { company: { type: 'string', description: 'Company name, e.g. ACME' } },
    required: ['company'],
    additionalProperties: false,
  },
};

/** A tool without parameters: its call's arguments are `{}`, which some servers send as `""` or null instead. */
export const CLOCK_TOOL: ToolDefinition = {
  name: 'get_time',
  description: 'Get the current local time.',
  parameters: { type: 'object', properties: {} },
};

/**
 * Parameters as a client's type library writes them (zod, pydantic): a definition used by `$ref`, a type array, an
 * enum, a `format` and a nested object. Some servers accept only a subset of JSON Schema and reject the request.
 */
export const TRIP_TOOL: ToolDefinition = {
  name: 'plan_trip',
  description: 'Plan a trip to a city on a date.',
  parameters: {
    type: 'object',
    $defs: {
      place: {
        type: 'object',
        properties: { city: { type: 'string' }, country: { type: 'string' } },
        required: ['city'],
      },
    },
    properties: {
      destination: { $ref: '#/$defs/place' },
      date: { type: 'string', format: 'date', description: 'ISO 8601 date, e.g. 2026-12-24' },
      travellers: { type: ['integer', 'null'], description: 'How many people travel; null if not said' },
      cabin: { type: 'string', enum: ['economy', 'business'] },
      preferences: {
        type: 'object',
        properties: { window_seat: { type: 'boolean' } },
      },
    },
    required: ['destination', 'date', 'cabin'],
  },
};

/** An object schema as strict mode wants it: every property required, no other allowed. */
const closedObject = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

export const COUNTRY_SCHEMA: JsonSchema = closedObject({
  country: { type: 'string' },
  capital: { type: 'string' },
  population_millions: { type: 'number' },
});

/** What output.with-tools asks for once the weather is known: the tool's result, reported in a fixed shape. */
export const WEATHER_REPORT_SCHEMA: JsonSchema = closedObject({
  city: { type: 'string' },
  temperature_c: { type: 'number' },
  condition: { type: 'string' },
});

/**
 * What OpenAI's strict mode takes and zod or pydantic write: nested objects, an array of objects, an enum, a nullable
 * field as `anyOf` with null; every object closed and every property required.
 */
export const ORDER_SCHEMA: JsonSchema = closedObject({
  customer: closedObject({
    name: { type: 'string' },
    address: closedObject({ city: { type: 'string' }, country: { type: 'string' } }),
  }),
  items: { type: 'array', items: closedObject({ sku: { type: 'string' }, quantity: { type: 'integer' } }) },
  status: { type: 'string', enum: ['pending', 'shipped', 'delivered'] },
  notes: { anyOf: [{ type: 'string' }, { type: 'null' }] },
});

const common = { maxTokens: 256, temperature: 0 } as const;
const pictureQuestion = {
  ...common,
  messages: [
    {
      role: 'user',
      content: 'What word is written in this picture? Answer with the word only.',
      files: [{ mediaType: WORD_PICTURE.mediaType, base64: WORD_PICTURE.base64 }],
    },
  ],
} as const satisfies Omit<ChatRequest, 'model'>;
const toolCall = (min: number, max?: number) => ({
  toolCalls: max === undefined ? { min, names: ['get_weather'] } : { min, max, names: ['get_weather'] },
});

/**
 * The streamed form of a scenario: the same request and expectations, streamed, `streamOf` the original so that the
 * two answers are compared (stream-disagrees).
 */
function streamedForm(
  base: Scenario,
  form: Pick<Scenario, 'id' | 'title'> & Partial<Pick<Scenario, 'capability' | 'expect'>>,
): Scenario {
  return { ...base, ...form, stream: true, streamOf: base.id };
}

const MULTI_TURN: Scenario = {
  id: 'chat.multi-turn',
  capability: 'multi-turn',
  title: 'earlier turns are remembered',
  stream: false,
  request: {
    ...common,
    messages: [
      { role: 'user', content: 'My name is Ada. Please remember it.' },
      { role: 'assistant', content: "Nice to meet you, Ada! I'll remember your name." },
      { role: 'user', content: 'What is my name? Answer with the name only.' },
    ],
  },
  expect: { textMatches: '\\bada\\b', finish: 'stop' },
};

const ROUNDTRIP: Scenario = {
  id: 'tools.roundtrip',
  capability: 'tool-roundtrip',
  title: 'call, result fed back, final answer',
  stream: false,
  request: {
    ...common,
    tools: [WEATHER_TOOL],
    messages: [{ role: 'user', content: 'What is the weather in Paris right now?' }],
  },
  expect: { ...toolCall(1, 1), finish: 'tool-calls' },
  followUp: {
    toolResults: { get_weather: '{"city":"Paris","temperature_c":18,"condition":"cloudy"}' },
    expect: { textMatches: '\\b18\\b', finish: 'stop', noToolCalls: true },
  },
};

const JSON_SCHEMA: Scenario = {
  id: 'output.json-schema',
  capability: 'structured-output',
  title: 'the answer is JSON valid against a schema',
  stream: false,
  request: {
    ...common,
    responseFormat: { type: 'json-schema', name: 'country_facts', schema: COUNTRY_SCHEMA },
    messages: [
      { role: 'user', content: 'Give the country, capital and population (in millions) of France.' },
    ],
  },
  expect: { json: COUNTRY_SCHEMA },
};

const PICTURE: Scenario = {
  id: 'input.image',
  capability: 'image-input',
  title: 'a picture is read: the word on it named',
  stream: false,
  request: pictureQuestion,
  expect: { textMatches: `\\b${WORD_PICTURE.word}\\b`, finish: 'stop', noToolCalls: true },
};

const UNKNOWN_MODEL: Scenario = {
  id: 'errors.unknown-model',
  capability: 'model-errors',
  title: 'an unknown model gets a not-found error',
  stream: false,
  model: 'llmcompat-no-such-model',
  request: { ...common, messages: [{ role: 'user', content: 'Hello' }] },
  expect: { error: 'unknown-model' },
};

const INVALID_REQUEST: Scenario = {
  id: 'errors.invalid-request',
  capability: 'request-errors',
  title: 'a request the API must refuse gets a bad-request error',
  stream: false,
  request: {
    ...common,
    // Forcing a tool call with no tool to call: every API with tool_choice documents tools as its precondition.
    toolChoice: 'required',
    messages: [{ role: 'user', content: 'What is the weather in Paris right now?' }],
  },
  expect: { error: 'bad-request' },
};

/** An assistant turn holding only a get_weather call (no text), and the result that answers it. */
const weatherCallTurn = (id: string, city: string, result: string): Message[] => [
  {
    role: 'assistant',
    content: '',
    toolCalls: [{ id, name: 'get_weather', arguments: JSON.stringify({ city }) }],
  },
  { role: 'tool', toolCallId: id, toolName: 'get_weather', content: result },
];

/**
 * A conversation a client carried over from other providers: an OpenAI call id (`call_…`, which Anthropic takes and
 * Mistral refuses) and Kimi's (`functions.get_weather:0`, which both refuse), each on an assistant turn holding only a
 * tool call and no text (content `""`).
 */
const FOREIGN_HISTORY: Message[] = [
  { role: 'user', content: 'What is the weather in Paris right now?' },
  ...weatherCallTurn(
    'call_pQ3vX8nR2mK7tL4wZ9sB1yD6',
    'Paris',
    '{"city":"Paris","temperature_c":18,"condition":"cloudy"}',
  ),
  { role: 'assistant', content: 'It is currently 18 °C and cloudy in Paris.' },
  { role: 'user', content: 'And in Tokyo?' },
  ...weatherCallTurn(
    'functions.get_weather:0',
    'Tokyo',
    '{"city":"Tokyo","temperature_c":24,"condition":"sunny"}',
  ),
];

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'chat.basic',
    capability: 'chat',
    title: 'one question, one answer',
    stream: false,
    request: {
      ...common,
      messages: [{ role: 'user', content: 'What is the capital of France? Answer in one word.' }],
    },
    expect: { textMatches: '\\bparis\\b', finish: 'stop', noToolCalls: true },
  },
  {
    id: 'chat.system',
    capability: 'system-prompt',
    title: 'the system prompt is obeyed',
    stream: false,
    request: {
      ...common,
      messages: [
        { role: 'system', content: "You are a pirate. Begin every reply with the word 'Arr'." },
        { role: 'user', content: 'Say hello in five words or fewer.' },
      ],
    },
    expect: { textMatches: '^\\W*arr', finish: 'stop' },
  },
  MULTI_TURN,
  streamedForm(MULTI_TURN, { id: 'chat.multi-turn-stream', title: 'earlier turns are remembered, streamed' }),
  {
    id: 'stream.text',
    capability: 'streaming',
    title: 'text arrives in pieces',
    stream: true,
    request: { ...common, messages: [{ role: 'user', content: 'Count from 1 to 10, separated by spaces.' }] },
    expect: { textMatches: '1\\D+2\\D+3[\\s\\S]*10', finish: 'stop', minTextDeltas: 2 },
  },
  {
    id: 'stream.usage',
    capability: 'stream-usage',
    title: 'a stream reports token usage',
    stream: true,
    request: {
      ...common,
      includeUsage: true,
      messages: [{ role: 'user', content: 'Write a haiku about the sea.' }],
    },
    expect: { text: true, usage: true, finish: 'stop' },
  },
  {
    id: 'tools.single',
    capability: 'tools',
    title: 'one tool call with valid arguments',
    stream: false,
    request: {
      ...common,
      tools: [WEATHER_TOOL],
      messages: [{ role: 'user', content: 'What is the weather in Paris right now?' }],
    },
    expect: { ...toolCall(1, 1), finish: 'tool-calls' },
  },
  {
    id: 'tools.parallel',
    capability: 'parallel-tools',
    title: 'two tool calls in one turn',
    stream: false,
    request: {
      ...common,
      tools: [WEATHER_TOOL],
      messages: [{ role: 'user', content: 'What is the weather in Paris and in Tokyo? Check both cities.' }],
    },
    expect: { ...toolCall(2), finish: 'tool-calls' },
  },
  {
    id: 'tools.no-args',
    capability: 'tools',
    title: 'a tool without parameters is called with {}',
    stream: false,
    request: {
      ...common,
      tools: [CLOCK_TOOL],
      messages: [{ role: 'user', content: 'What time is it right now? Use the tool to find out.' }],
    },
    // `""` or null arguments read as {} here; the wire checks name them (empty-arguments-string).
    expect: { toolCalls: { min: 1, max: 1, names: ['get_time'] }, finish: 'tool-calls' },
  },
  {
    id: 'tools.schema-dialect',
    capability: 'tool-schemas',
    title: 'a tool whose parameters use $defs/$ref, a type array, an enum and a format',
    stream: false,
    request: {
      ...common,
      tools: [TRIP_TOOL],
      messages: [
        {
          role: 'user',
          content:
            'Plan a trip to Lisbon, Portugal on 2026-12-24 for two people in economy, with a window seat. ' +
            'Use the tool.',
        },
      ],
    },
    // The arguments are validated against the schema as sent ($ref resolved); a 400 naming one of its keywords is
    // schema-keyword-rejected.
    expect: { toolCalls: { min: 1, max: 1, names: ['plan_trip'] }, finish: 'tool-calls' },
  },
  ROUNDTRIP,
  {
    id: 'tools.stream',
    capability: 'tool-streaming',
    title: 'a tool call assembled from streamed deltas',
    stream: true,
    streamOf: 'tools.single',
    request: {
      ...common,
      tools: [WEATHER_TOOL],
      messages: [{ role: 'user', content: 'What is the weather in Tokyo right now?' }],
    },
    expect: { ...toolCall(1, 1), finish: 'tool-calls' },
  },
  // The call assembled from deltas must carry an id and name the adapter can send back in turn 2.
  streamedForm(ROUNDTRIP, {
    id: 'tools.stream-roundtrip',
    capability: 'tool-streaming',
    title: 'a tool round trip streamed in both turns',
  }),
  {
    id: 'tools.sequential',
    capability: 'tool-chains',
    title: 'two dependent calls: the second uses the first result, the answer the second',
    stream: false,
    request: {
      ...common,
      tools: [OFFICE_TOOL, WEATHER_TOOL],
      messages: [
        {
          role: 'user',
          content:
            "What is the weather where ACME's head office is right now? Look up the office city first.",
        },
      ],
    },
    expect: { toolCalls: { min: 1, max: 1, names: ['get_office_city'] }, finish: 'tool-calls' },
    // Each round's request carries the whole history; each result must carry the id of a call the answer before it
    // made (tool-result-id-mismatch).
    followUp: {
      toolResults: { get_office_city: '{"company":"ACME","city":"Nantes"}' },
      expect: {
        toolCalls: { min: 1, max: 1, names: ['get_weather'] },
        argumentsMatch: { city: '^\\s*nantes\\b' },
        finish: 'tool-calls',
      },
      // biome-ignore lint/suspicious/noThenProperty: a scenario is data, never awaited; `then` names the next round
      then: {
        toolResults: { get_weather: '{"city":"Nantes","temperature_c":14,"condition":"rainy"}' },
        expect: { textMatches: '\\b14\\b', finish: 'stop', noToolCalls: true },
      },
    },
  },
  {
    ...ROUNDTRIP,
    id: 'tools.error-result',
    capability: 'tool-errors',
    title: 'a tool result reporting an error is answered in text, the tool not called again',
    // Another city than tools.roundtrip's: a fixture server told only the request would not know which of two
    // conversations with the same first request it is answering.
    request: {
      ...ROUNDTRIP.request,
      messages: [{ role: 'user', content: 'What is the weather in Oslo right now?' }],
    },
    // The result goes back flagged as an error where the protocol has a flag (tool-error-flag-dropped when it is
    // not); the answer must say the weather is not available, not call get_weather again (tool-error-retried).
    followUp: {
      toolResults: { get_weather: { error: 'Error: the weather service is unavailable.' } },
      expect: {
        textMatches: "unavailable|not available|error|unable|fail|down|sorry|(can|could)(no|n'?)t",
        finish: 'stop',
        noToolCalls: true,
      },
    },
  },
  {
    id: 'tools.foreign-history',
    capability: 'tool-roundtrip',
    title: "a history holding other providers' call ids and tool-call-only turns, answered",
    stream: false,
    request: {
      ...common,
      tools: [WEATHER_TOOL],
      messages: FOREIGN_HISTORY,
    },
    // Each protocol's adapter makes the ids fit (history-ids-rewritten, a deviation); a refusal naming them is
    // foreign-id-rejected.
    expect: { textMatches: '\\b24\\b', finish: 'stop', noToolCalls: true },
  },
  {
    id: 'tools.stream-parallel',
    capability: 'parallel-tools',
    title: 'two tool calls streamed in one turn',
    stream: true,
    streamOf: 'tools.parallel',
    request: {
      ...common,
      tools: [WEATHER_TOOL],
      messages: [{ role: 'user', content: 'What is the weather in Paris and in Tokyo? Check both cities.' }],
    },
    // Each call must keep its own index and id; calls sharing both concatenate (parallel-index-collision).
    expect: { ...toolCall(2), finish: 'tool-calls' },
  },
  {
    id: 'tools.choice-required',
    capability: 'tool-choice',
    title: 'tool_choice required forces a call',
    stream: false,
    request: {
      ...common,
      tools: [WEATHER_TOOL],
      toolChoice: 'required',
      messages: [{ role: 'user', content: 'Hi! How are you today?' }],
    },
    expect: toolCall(1),
  },
  {
    id: 'tools.choice-none',
    capability: 'tool-choice',
    title: 'tool_choice none forbids calls',
    stream: false,
    request: {
      ...common,
      tools: [WEATHER_TOOL],
      toolChoice: 'none',
      messages: [{ role: 'user', content: 'What is the weather in Paris right now?' }],
    },
    expect: { noToolCalls: true, text: true, finish: 'stop' },
  },
  {
    id: 'tools.choice-named',
    capability: 'tool-choice',
    title: 'a tool forced by name is the one called',
    stream: false,
    request: {
      ...common,
      tools: [WEATHER_TOOL, CLOCK_TOOL],
      // Not the tool the question asks for: a choice dropped on the way shows as a call to get_weather.
      toolChoice: { name: 'get_time' },
      messages: [{ role: 'user', content: 'What is the weather in Paris right now?' }],
    },
    // A call to another tool, or none, is tool-choice-ignored; OpenAI's `stop` after the forced call is tolerated.
    expect: {
      forced: 'get_time',
      toolCalls: { min: 1, max: 1, names: ['get_time'] },
      finish: 'tool-calls',
    },
  },
  JSON_SCHEMA,
  // The joined deltas must parse: a fence or prose around the JSON fails as it does unstreamed.
  streamedForm(JSON_SCHEMA, {
    id: 'output.json-schema-stream',
    title: 'streamed JSON valid against a schema',
    expect: { json: COUNTRY_SCHEMA, minTextDeltas: 2 },
  }),
  {
    id: 'output.json-object',
    capability: 'json-mode',
    title: 'JSON mode: the answer is a JSON object',
    stream: false,
    request: {
      ...common,
      responseFormat: { type: 'json-object' },
      // The word JSON must be in a message: OpenAI refuses json_object otherwise.
      messages: [
        {
          role: 'user',
          content: 'Give the country, capital and population (in millions) of France as a JSON object.',
        },
      ],
    },
    expect: { json: { type: 'object' } },
  },
  {
    id: 'output.schema-complex',
    capability: 'structured-output',
    title: 'JSON valid against a nested, strict schema',
    stream: false,
    request: {
      ...common,
      responseFormat: { type: 'json-schema', name: 'order', schema: ORDER_SCHEMA, strict: true },
      messages: [
        {
          role: 'user',
          content:
            'Extract the order: Ada Lovelace of London, United Kingdom ordered 2 of SKU A-100 and 1 of SKU ' +
            'B-200. It has shipped. There are no notes.',
        },
      ],
    },
    expect: { json: ORDER_SCHEMA },
  },
  {
    id: 'output.with-tools',
    capability: 'structured-tools',
    title: 'a tool call first, then JSON valid against a schema, with both asked in one request',
    stream: false,
    request: {
      ...common,
      tools: [WEATHER_TOOL],
      responseFormat: { type: 'json-schema', name: 'weather_report', schema: WEATHER_REPORT_SCHEMA },
      messages: [
        { role: 'user', content: 'Look up the current weather in Paris and report it as a weather report.' },
      ],
    },
    // Both turns send the tools and the response format; a 400 naming the combination is format-with-tools-rejected.
    expect: { ...toolCall(1, 1), finish: 'tool-calls' },
    followUp: {
      toolResults: { get_weather: '{"city":"Paris","temperature_c":18,"condition":"cloudy"}' },
      expect: { json: WEATHER_REPORT_SCHEMA, noToolCalls: true },
    },
  },
  {
    id: 'reasoning.basic',
    capability: 'reasoning',
    title: 'a reasoning model thinks, apart from its answer, streamed',
    stream: true,
    // No temperature: OpenAI's reasoning models and Anthropic's thinking refuse one. Usage asked for: where the
    // thinking is kept back, its token count is what shows it.
    request: {
      maxTokens: 2048,
      includeUsage: true,
      reasoning: { budgetTokens: 1024 },
      messages: [
        { role: 'user', content: 'What is 17 × 23? Think it through, then answer with the number only.' },
      ],
    },
    expect: { textMatches: '\\b391\\b', reasoning: true, finish: 'stop', noToolCalls: true },
  },
  {
    id: 'reasoning.tool-roundtrip',
    capability: 'reasoning-state',
    title: 'a reasoning model calls a tool, and its reasoning state goes back with the result',
    stream: false,
    request: {
      maxTokens: 2048,
      reasoning: { budgetTokens: 1024 },
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'user', content: 'Should I take an umbrella in Paris today? Check the weather first.' },
      ],
    },
    expect: { ...toolCall(1, 1), finish: 'tool-calls' },
    // The second turn is where a dropped signature is refused (HTTP 400), or named on the wire.
    followUp: {
      toolResults: { get_weather: '{"temp_c":18,"condition":"light rain"}' },
      expect: { textMatches: 'umbrella|rain', finish: 'stop', noToolCalls: true },
    },
  },
  PICTURE,
  streamedForm(PICTURE, { id: 'input.image-stream', title: 'a picture is read, streamed' }),
  {
    id: 'input.pdf',
    capability: 'document-input',
    title: 'a PDF is read: the phrase on it quoted',
    stream: false,
    request: {
      ...common,
      messages: [
        {
          role: 'user',
          content: 'What sentence follows "A note for the reader:" in this PDF? Quote it exactly.',
          files: [
            {
              mediaType: PHRASE_DOCUMENT.mediaType,
              base64: PHRASE_DOCUMENT.base64,
              name: PHRASE_DOCUMENT.name,
            },
          ],
        },
      ],
    },
    expect: { textMatches: 'saffron kites fly north at noon', finish: 'stop', noToolCalls: true },
  },
  {
    id: 'limits.max-tokens',
    capability: 'output-limits',
    title: 'an answer cut by the output limit says so',
    stream: false,
    request: {
      maxTokens: 16,
      temperature: 0,
      messages: [{ role: 'user', content: 'Write a 300-word story about a lighthouse keeper and a storm.' }],
    },
    // A cut answer reported as finished (`stop`) is length-reported-as-stop: a client would show half a story.
    expect: { text: true, finish: 'length' },
  },
  {
    id: 'limits.stop-sequence',
    capability: 'stop-sequences',
    title: 'a stop sequence ends the answer before it',
    stream: false,
    request: {
      ...common,
      stop: ['END'],
      messages: [
        {
          role: 'user',
          content:
            'Repeat these words exactly, separated by spaces, and nothing else: ONE TWO END THREE FOUR',
        },
      ],
    },
    expect: { textMatches: '\\bone\\b\\s+\\btwo\\b', stopBefore: 'END', finish: 'stop' },
  },
  {
    id: 'errors.auth',
    capability: 'auth-errors',
    title: 'a bad key gets an authentication error',
    stream: false,
    invalidKey: true,
    request: { ...common, messages: [{ role: 'user', content: 'Hello' }] },
    expect: { error: 'auth' },
  },
  UNKNOWN_MODEL,
  // The streaming path must raise a typed error too, not a 200 stream or a generic network error.
  streamedForm(UNKNOWN_MODEL, {
    id: 'errors.unknown-model-stream',
    title: 'an unknown model gets a not-found error, streamed',
  }),
  INVALID_REQUEST,
  // Not a 200 stream that ends without an answer, and not a generic network error: a typed 400-class error.
  streamedForm(INVALID_REQUEST, {
    id: 'errors.invalid-request-stream',
    title: 'a request the API must refuse gets a bad-request error, streamed',
  }),
];

/** The key sent by errors.auth: obviously fake, so it can never be mistaken for (or leak) a real one. */
export const INVALID_API_KEY = 'llmcompat-invalid-key';
