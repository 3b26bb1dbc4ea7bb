// What each provider answers to each scenario, as data. A default per scenario, then per-provider overrides
// (the model's own wording, and the behaviour behind each declared gap). Wire shape is the writers' job.

import { ALL_SCENARIOS } from '../../src/scenarios/all-scenarios.ts';
import type { ExpectedError } from '../../src/scenarios/scenarios.ts';

/**
 * Scenarios synthesized after the first fourteen, in the order they were added (their fixtures are stamped later).
 * An id may be listed before its scenario exists: its place, and so its stamps, do not depend on what lands first.
 */
export const ADDED_SCENARIOS: readonly string[] = [
  'tools.no-args',
  'tools.stream-parallel',
  'tools.schema-dialect',
  'tools.choice-named',
  'output.json-object',
  'tools.stream-roundtrip',
  'output.json-schema-stream',
  'tools.sequential',
  'tools.error-result',
  'tools.foreign-history',
  'output.schema-complex',
  'output.with-tools',
  'chat.multi-turn-stream',
  'errors.unknown-model-stream',
  'limits.max-tokens',
  'limits.stop-sequence',
  'errors.invalid-request',
  'errors.invalid-request-stream',
  'input.image',
  'input.image-stream',
  'input.pdf',
  'reasoning.basic',
  'reasoning.tool-roundtrip',
];

export interface CallPlan {
  name: string;
  args: Record<string, unknown>;
}

export interface AnswerPlan {
  kind: 'answer';
  text: string;
  calls: CallPlan[];
  /** Why a text answer ended, when not at the end of its turn: the output limit, or a stop sequence. */
  stop?: 'length' | 'stop-sequence';
  /** The thinking before the answer, written where the provider puts it (or only counted, where it keeps it back). */
  reasoning?: string;
}

export interface ErrorPlan {
  kind: 'error';
  error: ExpectedError;
  /** What a bad request refuses, when not tool_choice without tools: the response format and tools together. */
  refusal?: 'format-with-tools';
}

export type ExchangePlan = AnswerPlan | ErrorPlan;

export interface CasePlan {
  /** One per exchange: tools.roundtrip has two. */
  exchanges: ExchangePlan[];
  /** What the fixture shows, for provenance. */
  note: string;
}

const say = (text: string): AnswerPlan => ({ kind: 'answer', text, calls: [] });
const weather = (...cities: string[]): CallPlan[] =>
  cities.map((city) => ({ name: 'get_weather', args: { city } }));
const call = (text: string, ...cities: string[]): AnswerPlan => ({
  kind: 'answer',
  text,
  calls: weather(...cities),
});
const one = (plan: ExchangePlan, note: string): CasePlan => ({ exchanges: [plan], note });
const NO_SAMPLE = 'no sample shows a call without parameters, so the arguments follow the documented format';
const clock = (text: string, note: string): CasePlan =>
  one({ kind: 'answer', text, calls: [{ name: 'get_time', args: {} }] }, `${note}; ${NO_SAMPLE}`);
const TRIP_ARGS = {
  destination: { city: 'Lisbon', country: 'Portugal' },
  date: '2026-12-24',
  travellers: 2,
  cabin: 'economy',
  preferences: { window_seat: true },
};
const DIALECT_SOURCES =
  'sources silent on this provider and $defs/$ref, type arrays or format in tool parameters, so it is ' +
  'synthesized as accepted; the reported refusals (Unknown name "ref", karthink/gptel#806) are of ' +
  "Gemini's OpenAPI-subset `parameters` field";
const trip = (text: string, note: string): CasePlan =>
  one(
    { kind: 'answer', text, calls: [{ name: 'plan_trip', args: TRIP_ARGS }] },
    `${note}; ${DIALECT_SOURCES}`,
  );
const NAMED_CHOICE_SOURCES =
  'sources silent on this provider and a named tool_choice, so it is synthesized as honoured, with the finish ' +
  "of its other tool calls (the finish reports, vllm-project/vllm#9209 and #25054, are of vLLM's server and OpenAI)";
const forcedClock = (text: string, note: string): CasePlan =>
  clock(text, `get_time forced by name and called although the question asks for the weather; ${note}`);
/** Ollama accepts no tool_choice on /api/chat and ignores it on /v1: the model calls the tool the question asks for. */
const forcedIgnored = (why: string): CasePlan =>
  one(
    call('', 'Paris'),
    `KNOWN GAP: ${why}: the named choice of get_time is ignored and the model calls get_weather, the tool the ` +
      'question asks for',
  );
const roundtrip = (first: AnswerPlan, final: string): CasePlan => ({
  exchanges: [first, say(final)],
  note: 'get_weather(Paris) called, the result fed back, a final answer quoting 18 °C',
});

const WEATHER_REPORT = '{"city":"Paris","temperature_c":18,"condition":"cloudy"}';
const withTools = (first: AnswerPlan, report: string, note: string): CasePlan => ({
  exchanges: [first, say(report)],
  note: `get_weather(Paris) called with the response format sent too, the result fed back, ${note}`,
});
const WITH_TOOLS_SOURCES =
  'sources silent on this provider taking a response format and tools together, so it is synthesized as working';
// Gemini 2.x refuses the two together; Gemini 3 takes them (its structured-output docs), gemini-2.0-flash does not.
const GEMINI_FORMAT_WITH_TOOLS = one(
  { kind: 'error', error: 'bad-request', refusal: 'format-with-tools' },
  'KNOWN GAP: gemini-2.0-flash refuses a JSON response mime type with function declarations: HTTP 400 ' +
    '"Function calling with a response mime type: \'application/json\' is unsupported" (google/adk-python#5735, ' +
    'symfony/ai#1777)',
);
// A format makes Ollama constrain the whole answer to the schema, so the model cannot emit its call.
const OLLAMA_FORMAT_WITHOUT_CALL = one(
  say('{"city": "Paris", "temperature_c": 15, "condition": "partly cloudy"}'),
  'KNOWN GAP: with a format set, the answer is constrained to the schema and no tool call comes back ' +
    '(ollama/ollama#8095, llama3.2 on /api/chat and the OpenAI endpoint): JSON made up without the tool, finish stop',
);

const PICTURE_READ = 'the word on the picture (sent inline, base64) named, finish stop';
const DOCUMENT_READ = 'the phrase in the PDF (sent inline, base64) quoted, finish stop';
const NO_DOCUMENTS = (why: string, reply: string): CasePlan =>
  one(
    say(reply),
    `KNOWN GAP: ${why}; sources silent on what the API answers a PDF it cannot read, so it is synthesized as a ` +
      '200 answer that cannot quote the phrase',
  );
const NO_VISION = (model: string, reply: string): CasePlan =>
  one(
    say(reply),
    `KNOWN GAP: ${model} reads no pictures; sources silent on what the API answers a picture sent to a text-only ` +
      'model, so it is synthesized as a 200 answer that cannot name the word',
  );

const THINKING =
  '17 × 23: split 23 into 20 + 3. 17 × 20 = 340, and 17 × 3 = 51. 340 + 51 = 391. Check: 391 / 17 = 23. So 391.';
const thought = (text: string, note: string, reasoning = THINKING): CasePlan =>
  one({ kind: 'answer', text, calls: [], reasoning }, note);

const WEATHER_THINKING =
  'The user asks about an umbrella in Paris: that depends on rain. I should call get_weather for Paris first.';
const UMBRELLA = 'Yes, take an umbrella: there is light rain in Paris, and it is 18 °C.';
const signedRoundtrip = (first: string, note: string, final = UMBRELLA): CasePlan => ({
  exchanges: [
    { kind: 'answer', text: first, calls: weather('Paris'), reasoning: WEATHER_THINKING },
    say(final),
  ],
  note,
});

const ORDER_JSON =
  '{"customer":{"name":"Ada Lovelace","address":{"city":"London","country":"United Kingdom"}},' +
  '"items":[{"sku":"A-100","quantity":2},{"sku":"B-200","quantity":1}],"status":"shipped","notes":null}';
const COMPLEX_SOURCES =
  'sources silent on this provider refusing nested objects, arrays of objects, an enum or anyOf with null in a ' +
  'strict response schema, so it is synthesized as honoured';
const complex = (note: string): CasePlan => one(say(ORDER_JSON), `${note}; ${COMPLEX_SOURCES}`);
const OLLAMA_COMPLEX = complex(
  'the schema goes to format, which Ollama turns into a grammar; ollama/ollama#8063 (open) reports ' +
    'schema-invalid answers under format, for gemma4 models, not for this one',
);
const office = (text: string): AnswerPlan => ({
  kind: 'answer',
  text,
  calls: [{ name: 'get_office_city', args: { company: 'ACME' } }],
});
const CHAIN_NOTE =
  'get_office_city(ACME) called, its result (Nantes) fed back, get_weather(Nantes) called, its result fed back, a ' +
  'final answer quoting 14 °C';
/** tools.sequential: the office looked up, the weather of its city, the answer. `note` adds the sources' word. */
const sequential = (first: string, second: string, final: string, note: string): CasePlan => ({
  exchanges: [office(first), call(second, 'Nantes'), say(final)],
  note: `${CHAIN_NOTE}; ${note}`,
});
const TOOL_ERROR_NOTE =
  'get_weather(Oslo) called, its result fed back as an error (the weather service unavailable), flagged as the ' +
  "protocol documents it (Anthropic's Handle tool calls guide: `is_error: true`; Gemini's FunctionResponse " +
  'reference: the `error` key), the content alone on the OpenAI-style and Ollama wires, which have no flag; a text ' +
  'answer saying the weather is not available, no call again; sources silent on this ' +
  "provider's model calling a failed tool again (the loops reported, spring-projects/spring-ai-examples#71, " +
  'openclaw/openclaw#63023, are of agents and other models), so it is synthesized as answered in text';

const CHAIN_SILENT =
  'sources silent on this provider and dependent calls over several turns, synthesized as handled';

const FOREIGN_HISTORY_NOTE =
  "the history replayed with its call ids as they came (OpenAI's call_…, Kimi's functions.get_weather:0), then " +
  'the answer quoting 24 °C';
const FOREIGN_HISTORY_SILENT =
  'the tool-call-only turns sent with content ""; sources silent on this provider refusing another provider\'s ' +
  'call ids or an empty content beside tool calls (the reports of "" refused are of other servers: ' +
  'vercel/ai#14612), so it is synthesized as answered';
/** tools.foreign-history: the final answer, after a history whose ids went through as they came. */
const foreignHistory = (answer: string, note = FOREIGN_HISTORY_SILENT): CasePlan =>
  one(say(answer), `${FOREIGN_HISTORY_NOTE}; ${note}`);
/** The same, where the adapter had to rewrite the ids the provider refuses (history-ids-rewritten on the cell). */
const rewrittenHistory = (answer: string, rule: string): CasePlan =>
  one(
    say(answer),
    `the history's call ids rewritten by the adapter (${rule}), on the calls and results alike, then the answer quoting 24 °C`,
  );

const CUT_STORY = 'Old Tom had kept the lighthouse on Gull Rock for thirty years, and he knew';

const HAIKU = 'Waves fold into foam,\nsalt wind hums an ancient tune—\nthe tide keeps its time.';

export const DEFAULT_PLANS: Record<string, CasePlan> = {
  'chat.basic': one(say('Paris'), 'plain answer, finish stop'),
  'chat.system': one(say('Arr, ahoy there, matey!'), 'system prompt obeyed (answer starts with Arr)'),
  'chat.multi-turn': one(say('Ada'), 'earlier turn remembered'),
  'stream.text': one(say('1 2 3 4 5 6 7 8 9 10'), 'text streamed token by token'),
  'stream.usage': one(say(HAIKU), 'stream with token usage at the end'),
  'tools.single': one(call('', 'Paris'), 'one get_weather call, finish tool_calls'),
  'tools.parallel': one(call('', 'Paris', 'Tokyo'), 'two get_weather calls in one turn'),
  'tools.no-args': clock('', 'get_time called with arguments "{}", finish tool_calls'),
  'tools.roundtrip': roundtrip(call('', 'Paris'), 'It is currently 18 °C and cloudy in Paris.'),
  'tools.sequential': sequential(
    '',
    '',
    "It is currently 14 °C and rainy in Nantes, where ACME's head office is.",
    CHAIN_SILENT,
  ),
  'tools.error-result': {
    exchanges: [
      call('', 'Oslo'),
      say(
        "Sorry, I couldn't get the current weather for Oslo: the weather service is unavailable right now. " +
          'Please try again later.',
      ),
    ],
    note: TOOL_ERROR_NOTE,
  },
  'tools.schema-dialect': trip(
    '',
    'plan_trip called once with nested destination and a date, finish tool_calls',
  ),
  'tools.foreign-history': foreignHistory('It is currently 24 °C and sunny in Tokyo.'),
  'tools.stream': one(call('', 'Tokyo'), 'tool call id and name first, then argument fragments'),
  'tools.stream-parallel': one(
    call('', 'Paris', 'Tokyo'),
    'two calls streamed, each with its own index and id first, then its argument fragments',
  ),
  'tools.choice-required': one(call('', 'San Francisco'), 'tool_choice required: a call is forced'),
  'tools.choice-none': one(
    say(
      "I can't check live weather data, but a weather service such as Météo-France or a weather app will " +
        'give you the current conditions in Paris.',
    ),
    'tool_choice none: text answer, no call',
  ),
  'tools.choice-named': forcedClock('', NAMED_CHOICE_SOURCES),
  'output.json-schema': one(
    say('{"country":"France","capital":"Paris","population_millions":68.2}'),
    'JSON valid against the schema',
  ),
  'output.with-tools': withTools(
    call('', 'Paris'),
    WEATHER_REPORT,
    `the JSON report valid against the schema; ${WITH_TOOLS_SOURCES}`,
  ),
  'input.image': one(say('LYNX'), PICTURE_READ),
  'reasoning.tool-roundtrip': signedRoundtrip(
    '',
    'the thinking model calls get_weather, the result goes back, the answer follows; sources silent on this ' +
      'provider wanting reasoning state back, and its wire carries none',
  ),
  'reasoning.basic': thought(
    '391',
    'the thinking streamed apart from the answer (reasoning_content deltas), then 391; sources silent on where this ' +
      "provider's compatibility API puts a reasoning model's thinking, so it follows DeepSeek's field",
  ),
  'input.pdf': one(say('"Saffron kites fly north at noon."'), DOCUMENT_READ),
  'output.json-object': one(
    say('{"country":"France","capital":"Paris","population_millions":68.2}'),
    'a bare JSON object (json_object response format); sources silent on this provider failing JSON mode',
  ),
  'output.schema-complex': complex('the order as JSON valid against the strict schema, notes null'),
  'limits.max-tokens': one(
    { kind: 'answer', text: CUT_STORY, calls: [], stop: 'length' },
    'the story cut at the 16-token limit, finish length; no source says any of the ten reports a limit as stop ' +
      "(Ollama's OpenAI endpoint sends length: ollama/ollama#5312)",
  ),
  'limits.stop-sequence': one(
    { kind: 'answer', text: 'ONE TWO ', calls: [], stop: 'stop-sequence' },
    'the words up to END, which is not in the text; sources silent on this provider dropping a stop list',
  ),
  'errors.auth': one({ kind: 'error', error: 'auth' }, 'bad key rejected'),
  'errors.unknown-model': one({ kind: 'error', error: 'unknown-model' }, 'unknown model rejected'),
  'errors.invalid-request': one(
    { kind: 'error', error: 'bad-request' },
    "tool_choice required with no tools, refused with a 400 in the provider's error shape; OpenAI's words " +
      'are sampled (writer/writer-framework#1013 quotes them), the words of the others guessed',
  ),
};

type Overrides = Partial<Record<string, CasePlan>>;

// gemini-2.0-flash (Google native, Google's OpenAI endpoint, OpenRouter's default): trailing newline, and
// JSON output with the keys in alphabetical order (Gemini orders schema properties unless told otherwise).
const GEMINI: Overrides = {
  'chat.basic': one(say('Paris\n'), 'plain answer, finish stop'),
  'chat.system': one(say('Arr, ahoy there, matey!\n'), 'system prompt obeyed'),
  'chat.multi-turn': one(say('Ada\n'), 'earlier turn remembered'),
  'stream.text': one(say('1 2 3 4 5 6 7 8 9 10\n'), 'text streamed in few, growing pieces'),
  'stream.usage': one(
    say('Blue depths softly sigh,\nWaves embrace the sandy shore,\nSecrets in the tide.\n'),
    'stream with usage',
  ),
  'tools.roundtrip': roundtrip(
    call('', 'Paris'),
    'The weather in Paris is cloudy with a temperature of 18°C.\n',
  ),
  'tools.sequential': sequential(
    '',
    '',
    "The weather in Nantes, where ACME's head office is, is rainy with a temperature of 14°C.\n",
    'one functionCall per turn; sources silent on dependent calls over several turns, synthesized as handled ' +
      '(gemini-2.0-flash does not think, so no thought signature has to go back with the calls)',
  ),
  'tools.foreign-history': foreignHistory('The weather in Tokyo is sunny with a temperature of 24°C.\n'),
  'tools.choice-none': one(
    say(
      'I am sorry, I cannot fulfill this request. I do not have access to real-time weather information.\n',
    ),
    'tool_choice none: text answer, no call',
  ),
  'output.json-schema': one(
    say('{"capital": "Paris", "country": "France", "population_millions": 68.4}'),
    'JSON valid against the schema, keys in alphabetical order',
  ),
  'input.image': one(say('LYNX\n'), PICTURE_READ),
  'input.pdf': one(say('Saffron kites fly north at noon.\n'), DOCUMENT_READ),
  'output.with-tools': GEMINI_FORMAT_WITH_TOOLS,
  'output.json-object': one(
    say('{\n  "country": "France",\n  "capital": "Paris",\n  "population_millions": 68.4\n}'),
    'JSON mode (responseMimeType application/json, no schema): a pretty-printed object in the order the prompt ' +
      'names the keys, as no schema orders them; sources silent on JSON mode failing for gemini-2.0-flash',
  ),
};

// Llama 3.2 3B (Together, Ollama's OpenAI endpoint).
const LLAMA: Overrides = {
  'chat.basic': one(say('Paris.'), 'plain answer, finish stop'),
  'chat.system': one(say('Arr, ahoy matey!'), 'system prompt obeyed'),
  'chat.multi-turn': one(say('Ada.'), 'earlier turn remembered'),
  'stream.usage': one(
    say("Waves crash on the shore\nWhispers of the ocean's voice\nSerenity found"),
    'stream with usage in the final chunk',
  ),
  'tools.roundtrip': roundtrip(
    call('', 'Paris'),
    'The current weather in Paris is cloudy with a temperature of 18°C.',
  ),
  'tools.sequential': sequential(
    '',
    '',
    'The current weather in Nantes is rainy with a temperature of 14°C.',
    'one call per turn, as Llama 3.2 3B makes them; sources silent on it chaining dependent calls, synthesized ' +
      'as handled',
  ),
  'tools.foreign-history': foreignHistory(
    'The current weather in Tokyo is sunny with a temperature of 24°C.',
  ),
  'tools.choice-none': one(
    say(
      "I'm not able to provide real-time weather information. However, you can check a weather website or " +
        'app for the current weather in Paris.',
    ),
    'tool_choice none: text answer, no call',
  ),
  'output.json-schema': one(
    say('{"country": "France", "capital": "Paris", "population_millions": 67.4}'),
    'JSON valid against the schema',
  ),
  'output.json-object': one(
    say('{"country": "France", "capital": "Paris", "population_millions": 67.4}'),
    'a JSON object (json_object response format)',
  ),
};

// Llama 3.2 3B reads no pictures (the 11B and 90B Vision models do). Ollama turns the picture into an [img-0]
// placeholder for a model without a vision projector, and the model says it sees none (stavsap/comfyui-ollama#57).
const LLAMA_SEES_NO_PICTURE =
  "I don't see an image. You mentioned a picture, but I can only read text here. Could you type the word?";
const OLLAMA_NO_VISION = (model: string, reply: string): CasePlan =>
  one(
    say(reply),
    `KNOWN GAP: ${model} has no vision projector; Ollama passes the picture as an [img-0] placeholder and the ` +
      'model answers that it sees no image (stavsap/comfyui-ollama#57, the same with llama3.2)',
  );

const OLLAMA_IGNORES_CHOICE: Overrides = {
  'errors.invalid-request': one(
    say(
      "I'm not able to check live weather. A weather website or app will show the current weather in Paris.",
    ),
    'KNOWN GAP: Ollama has no tool_choice, so a choice without tools is nothing to refuse: a normal 200 answer',
  ),
  'tools.choice-required': one(
    say("I'm just a language model, I don't have feelings, but thanks for asking! How can I help you today?"),
    'KNOWN GAP: Ollama has no tool_choice; "required" is ignored and the model answers in text',
  ),
  'tools.choice-none': one(
    call('', 'Paris'),
    'KNOWN GAP: Ollama has no tool_choice; "none" is ignored and the model still calls get_weather',
  ),
  'errors.auth': one(
    say('Hello! How can I assist you today?'),
    'KNOWN GAP: a local Ollama server has no authentication; the bad key gets a normal 200 answer',
  ),
};

export const OVERRIDES: Record<string, Overrides> = {
  openai: {
    'reasoning.tool-roundtrip': signedRoundtrip(
      '',
      "o4-mini calls get_weather; its reasoning stays on OpenAI's side (the chat API sends none to keep), so the " +
        'second turn carries only the call and its result',
    ),
    'reasoning.basic': thought(
      '391',
      'o4-mini thinks, but the chat API keeps the thinking back: it is only counted, in ' +
        'completion_tokens_details.reasoning_tokens',
    ),
    'tools.roundtrip': roundtrip(call('', 'Paris'), 'The current weather in Paris is 18°C and cloudy.'),
    'tools.foreign-history': foreignHistory(
      'The current weather in Tokyo is 24°C and sunny.',
      'OpenAI takes any id of up to 40 characters (the refusals are of longer ones: "Expected a string with ' +
        'maximum length 40", agno-agi/agno#5382), and both are shorter; the tool-call-only turns sent with content "", ' +
        'which sources do not show it refusing, so it is synthesized as answered',
    ),
    'tools.choice-named': forcedClock(
      '',
      'finish_reason "stop", not "tool_calls", a tolerated deviation: OpenAI answers a tool forced by name so, ' +
        "streamed or not (vllm-project/vllm#25054 tabulates OpenAI's answers and aligns vLLM to them)",
    ),
    'tools.sequential': sequential(
      '',
      '',
      "ACME's head office is in Nantes, where it is currently 14°C and rainy.",
      CHAIN_SILENT,
    ),
  },
  cohere: {
    'stream.usage': one(
      say("The sea's embrace, vast,\nWaves dance with rhythmic grace,\nNature's symphony."),
      'KNOWN GAP: stream_options is not sent (Cohere rejects it), so the stream ends without usage',
    ),
    'tools.single': one(
      call('I will look up the weather in Paris.', 'Paris'),
      'tool plan as content + one call',
    ),
    'tools.parallel': one(
      call('I will look up the weather in Paris and Tokyo.', 'Paris', 'Tokyo'),
      'tool plan as content + two calls',
    ),
    'tools.no-args': clock('I will look up the current time.', 'tool plan as content + get_time with "{}"'),
    'tools.choice-named': forcedClock(
      'I will look up the current time.',
      `tool plan as content + get_time with "{}"; ${NAMED_CHOICE_SOURCES}`,
    ),
    'tools.schema-dialect': trip(
      'I will plan a trip to Lisbon.',
      'tool plan as content + one plan_trip call',
    ),
    'tools.roundtrip': roundtrip(
      call('I will look up the weather in Paris.', 'Paris'),
      'It is currently 18°C and cloudy in Paris.',
    ),
    'output.with-tools': withTools(
      call('I will look up the weather in Paris.', 'Paris'),
      '{"city": "Paris", "temperature_c": 18, "condition": "cloudy"}',
      `tool plan as content + the call, then the JSON report; ${WITH_TOOLS_SOURCES}`,
    ),
    'tools.sequential': sequential(
      "I will look up the city of ACME's head office.",
      'I will look up the weather in Nantes.',
      "It is currently 14°C and rainy in Nantes, where ACME's head office is.",
      `a tool plan as content before each call; ${CHAIN_SILENT}`,
    ),
    'tools.stream': one(
      call('I will look up the weather in Tokyo.', 'Tokyo'),
      'tool plan streamed as content, then the call: id and name first, then argument fragments',
    ),
    'tools.stream-parallel': one(
      call('I will look up the weather in Paris and Tokyo.', 'Paris', 'Tokyo'),
      'tool plan streamed as content, then two calls, each with its own index and id, then argument fragments',
    ),
    'output.json-schema': one(
      say('{"country": "France", "capital": "Paris", "population_millions": 67.75}'),
      'JSON valid against the schema',
    ),
    'input.pdf': NO_DOCUMENTS(
      'command-r-08-2024 reads text only',
      "I can't open attachments; I only see the text of your message. If you paste the PDF's text, I'll quote the sentence.",
    ),
    'input.image': NO_VISION(
      'command-r-08-2024',
      "I'm sorry, but I can't view images. If you type the word, I'm happy to help with it.",
    ),
    'output.json-object': one(
      say('{"country": "France", "capital": "Paris", "population_millions": 67.75}'),
      'a JSON object: Cohere documents response_format json_object (docs.cohere.com changelog "Force JSON ' +
        'object response format") and structured outputs in the compatibility API; sources silent on the ' +
        'compatibility API refusing it',
    ),
  },
  openrouter: {
    ...GEMINI,
    'reasoning.basic': thought(
      '391',
      "DeepSeek R1's thinking in delta.reasoning, as OpenRouter documents it",
    ),
    'input.pdf': one(
      say('Saffron kites fly north at noon.\n'),
      `${DOCUMENT_READ}; OpenRouter documents PDFs as file parts with file_data, passed to a model that reads them`,
    ),
    'tools.stream': one(
      call('', 'Tokyo'),
      'the whole call in one delta (with index and id), finish tool_calls',
    ),
    'tools.stream-parallel': one(
      call('', 'Paris', 'Tokyo'),
      'both calls whole in one delta, each with its own index and id, finish tool_calls; sources silent on ' +
        'OpenRouter streaming several calls, so the shape follows its single streamed call',
    ),
  },
  together: {
    ...LLAMA,
    'reasoning.tool-roundtrip': {
      exchanges: [call(`<think>\n${WEATHER_THINKING}\n</think>\n\n`, 'Paris'), say(UMBRELLA)],
      note:
        'DeepSeek-R1 thinks in <think> tags in the content, then calls get_weather; the content goes back as it came; ' +
        'sources silent on Together and R1 tool calls',
    },
    'reasoning.basic': one(
      say(`<think>\n${THINKING}\n</think>\n\n391`),
      'KNOWN GAP: DeepSeek-R1 thinking in the content inside <think> tags, no reasoning field (sources do not say ' +
        'whether Together parses them out; hosts without a reasoning parser do not)',
    ),
    'input.image': NO_VISION('Llama 3.2 3B', LLAMA_SEES_NO_PICTURE),
    'input.pdf': NO_DOCUMENTS(
      'Llama 3.2 3B reads text only',
      "I can't open attachments; I only see the text of your message. If you paste the PDF's text, I'll quote the sentence.",
    ),
    'output.json-object': one(
      say('{"country": "France", "capital": "Paris", "population_millions": 67.4}'),
      'a JSON object: Together documents JSON mode (response_format json_object) for "selected models"; ' +
        'sources silent on whether Llama-3.2-3B-Instruct-Turbo is one of them, so it is synthesized as honoured',
    ),
    'tools.parallel': one(
      call('', 'Paris'),
      'KNOWN GAP: Llama 3.2 3B makes one call per turn; only Paris is looked up',
    ),
    'tools.stream': one(
      say('<|python_tag|>{"type": "function", "name": "get_weather", "parameters": {"city": "Tokyo"}}'),
      'KNOWN GAP: the streamed tool call arrives as <|python_tag|> text in delta.content, no tool_calls, ' +
        'finish_reason stop',
    ),
    'tools.stream-roundtrip': one(
      say('<|python_tag|>{"type": "function", "name": "get_weather", "parameters": {"city": "Paris"}}'),
      'KNOWN GAP: the streamed tool call arrives as <|python_tag|> text in delta.content (as in tools.stream), ' +
        'so there is no call to answer and no second turn',
    ),
    'tools.stream-parallel': one(
      say('<|python_tag|>{"type": "function", "name": "get_weather", "parameters": {"city": "Paris"}}'),
      'KNOWN GAP: Llama 3.2 3B makes one call per turn, and a streamed call arrives as <|python_tag|> text ' +
        '(as in tools.stream)',
    ),
  },
  'google-openai': {
    ...GEMINI,
    'reasoning.tool-roundtrip': signedRoundtrip(
      '',
      'gemini-2.5-flash calls get_weather with extra_content.google.thought_signature on the call, which goes back ' +
        'with it on the second turn (without it: "Function call is missing a thought_signature", simonw/llm-gemini#119)',
      `${UMBRELLA}\n`,
    ),
    'reasoning.basic': one(
      say('391'),
      'KNOWN GAP: without extra_body google.thinking_config.include_thoughts no thought comes back; usage without ' +
        'reasoning tokens (sources silent on whether it counts them)',
    ),
    'input.pdf': one(
      say('Saffron kites fly north at noon.\n'),
      `${DOCUMENT_READ}; sources silent on the OpenAI endpoint taking file parts: synthesized as read, as the ` +
        'native API reads a PDF sent inline',
    ),
    'tools.stream': one(
      call('', 'Tokyo'),
      'tolerated deviations: the whole call in one delta without index, id "", extra_content.google.' +
        'thought_signature, and finish_reason stop although a tool was called',
    ),
    'tools.stream-parallel': one(
      call('', 'Paris', 'Tokyo'),
      'tolerated deviations: both calls whole in one delta, neither with an index, each with id "", and ' +
        'finish_reason stop; told apart by their names, as the single streamed call of tools.stream shows',
    ),
  },
  'ollama-openai': {
    ...LLAMA,
    ...OLLAMA_IGNORES_CHOICE,
    'reasoning.basic': thought(
      '391',
      "qwen3's thinking in delta.reasoning (reasoning_effort turns on think)",
    ),
    'output.with-tools': OLLAMA_FORMAT_WITHOUT_CALL,
    'input.image': OLLAMA_NO_VISION('llama3.2', LLAMA_SEES_NO_PICTURE),
    'input.pdf': NO_DOCUMENTS(
      "Ollama's OpenAI endpoint takes text and image_url parts, no file parts (its documented compatibility)",
      "I can't open attachments; I only see the text of your message. If you paste the PDF's text, I'll quote the sentence.",
    ),
    'tools.choice-named': forcedIgnored(
      "Ollama's OpenAI endpoint takes tool_choice but does not enforce it, a named one included " +
        '(ollama/ollama#17921: a forced get_time answered in text)',
    ),
    'output.json-object': one(
      say('{"country": "France", "capital": "Paris", "population_millions": 67.4}'),
      "a JSON object: Ollama's OpenAI compatibility documents response_format json_object (mapped to format " +
        'json)',
    ),
    'output.schema-complex': OLLAMA_COMPLEX,
    'tools.parallel': one(
      call('', 'Paris'),
      'KNOWN GAP: Llama 3.2 3B makes one call per turn; only Paris is looked up',
    ),
    'tools.stream': one(
      call('', 'Tokyo'),
      'tolerated deviation: the whole call in one chunk without index (older Ollama), finish tool_calls',
    ),
    'tools.stream-parallel': one(
      call('', 'Paris'),
      'KNOWN GAP: Llama 3.2 3B makes one call per turn; only Paris is looked up, streamed whole without index',
    ),
  },
  google: {
    ...GEMINI,
    'tools.foreign-history': foreignHistory(
      'The weather in Tokyo is sunny with a temperature of 24°C.\n',
      'the ids go as functionCall.id and functionResponse.id, which the Gemini API documents as optional (Gemini 3 ' +
        'issues its own, NousResearch/hermes-agent#46077), and the tool-call-only turns as functionCall parts without ' +
        'a text part; the refusals of an `id` ("Unknown name "id"", AstrBotDevs/AstrBot#7357, ' +
        'MoonshotAI/kimi-cli#1582) are of Vertex AI and proxies, so it is synthesized as answered',
    ),
    'reasoning.tool-roundtrip': signedRoundtrip(
      '',
      'a thought part, then the functionCall part with its thoughtSignature, which goes back on that part in the ' +
        'second turn (without it Gemini 2.5 refuses the turn: simonw/llm-gemini#119)',
      `${UMBRELLA}\n`,
    ),
    'reasoning.basic': thought(
      '391\n',
      'a thought summary part (thought: true) before the answer, thoughtsTokenCount in the usage (includeThoughts)',
    ),
    'output.schema-complex': one(
      say(ORDER_JSON),
      'the schema sent as responseJsonSchema, which takes JSON Schema (anyOf, null, additionalProperties), where ' +
        "`responseSchema` takes Gemini's OpenAPI subset (its proto parser refuses unknown keywords: " +
        'QuantumNous/new-api#1037 shows `$schema` refused in response_schema); the order as valid JSON',
    ),
    'tools.stream': one(
      call('', 'Tokyo'),
      'the functionCall arrives whole in one part, no id, finishReason STOP',
    ),
    'tools.no-args': clock('', 'a functionCall part with args {}, no id, finishReason STOP'),
    'tools.choice-named': forcedClock(
      '',
      'mode ANY with allowedFunctionNames [get_time], which the Gemini API documents as constraining the model ' +
        'to call one of the named functions; a functionCall part with args {}, no id, finishReason STOP',
    ),
    'tools.schema-dialect': one(
      { kind: 'answer', text: '', calls: [{ name: 'plan_trip', args: TRIP_ARGS }] },
      'the schema sent as parametersJsonSchema, which takes JSON Schema ($defs/$ref included) where ' +
        "`parameters` takes Gemini's OpenAPI subset and refuses them (karthink/gptel#806); a functionCall part, " +
        'no id, finishReason STOP',
    ),
    'tools.stream-parallel': one(
      call('', 'Paris', 'Tokyo'),
      'both functionCall parts whole in one chunk, no ids, finishReason STOP',
    ),
  },
  anthropic: {
    'tools.foreign-history': rewrittenHistory(
      "It's currently **24 °C** and sunny in Tokyo.",
      'functions.get_weather:0 → functions_get_weather_0, as the Messages API refuses a tool_use id outside ' +
        "^[a-zA-Z0-9_-]+$ (RooCodeInc/Roo-Code#10649, HKUDS/nanobot#4356); OpenAI's call_… kept; the tool-call-only " +
        'turns as tool_use blocks without a text block, which the API refuses empty',
    ),
    'reasoning.tool-roundtrip': signedRoundtrip(
      "I'll check the weather in Paris first.",
      'a signed thinking block, text, then tool_use; the second turn opens the assistant message with that thinking ' +
        'block, signature unaltered, as the API requires when thinking is on (anthropics/anthropic-sdk-python#461)',
    ),
    'reasoning.basic': thought(
      '391',
      'a thinking block (thinking_delta pieces, then its signature_delta), then the text block',
    ),
    'chat.system': one(say('Arr, ahoy there matey!'), 'system prompt obeyed'),
    'stream.text': one(say('1 2 3 4 5 6 7 8 9 10'), 'text_delta events of a few tokens each'),
    'stream.usage': one(
      say('Waves crash on the shore\nSalt spray dances in the wind\nEndless blue embrace'),
      'usage in message_start and message_delta',
    ),
    'tools.single': one(
      call("I'll check the current weather in Paris for you.", 'Paris'),
      'a text block, then a tool_use block; stop_reason tool_use',
    ),
    'tools.parallel': one(
      call("I'll check the weather in both Paris and Tokyo for you.", 'Paris', 'Tokyo'),
      'a text block, then two tool_use blocks',
    ),
    'tools.stream-parallel': one(
      call("I'll check the weather in both Paris and Tokyo for you.", 'Paris', 'Tokyo'),
      'text_delta, then two tool_use blocks, each with its own index and id and input_json_delta fragments',
    ),
    'tools.schema-dialect': trip(
      "I'll plan your trip to Lisbon.",
      'a text block, then a tool_use block with the nested input; stop_reason tool_use',
    ),
    'tools.no-args': clock(
      "I'll check the current time for you.",
      'a text block, then a tool_use block with input {}; stop_reason tool_use',
    ),
    'tools.choice-named': forcedClock(
      '',
      'tool_choice {type:"tool"}: a tool_use block with input {} and no text before it (a tool forced by name ' +
        "generates no text, as Bedrock's documentation of Claude's ToolChoice says); stop_reason tool_use",
    ),
    'tools.roundtrip': roundtrip(
      call("I'll check the current weather in Paris for you.", 'Paris'),
      'The current weather in Paris is **18 °C** and cloudy.',
    ),
    'tools.sequential': sequential(
      "I'll look up where ACME's head office is first.",
      "ACME's head office is in Nantes. Let me check the current weather there.",
      "The current weather in Nantes, where ACME's head office is, is **14 °C** and rainy.",
      'a text block, then a tool_use block, in each of the two calling turns; each tool_result answers the ' +
        `tool_use_id of the turn before; ${CHAIN_SILENT}`,
    ),
    'tools.stream': one(
      call("I'll get the current weather in Tokyo for you.", 'Tokyo'),
      'text_delta, then tool_use with input_json_delta fragments, ping events in between',
    ),
    'tools.choice-none': one(
      say(
        "I don't have a way to check the weather right now. For current conditions in Paris, a weather " +
          'service such as Météo-France will have the latest forecast.',
      ),
      'tool_choice none: text answer, no tool_use',
    ),
    'output.with-tools': withTools(
      call("I'll check the current weather in Paris for you.", 'Paris'),
      '```json\n{\n  "city": "Paris",\n  "temperature_c": 18,\n  "condition": "cloudy"\n}\n```',
      'KNOWN GAP: no JSON-schema mode, so the schema is asked in the prompt and the report comes in a ```json ' +
        'fence (as in output.json-schema): not valid JSON',
    ),
    'output.json-schema': one(
      say('```json\n{\n  "country": "France",\n  "capital": "Paris",\n  "population_millions": 68.2\n}\n```'),
      'KNOWN GAP: no JSON-schema mode; asked in the prompt, Claude wraps the JSON in a ```json fence, ' +
        'so the text is not valid JSON',
    ),
    'output.json-object': one(
      say('```json\n{\n  "country": "France",\n  "capital": "Paris",\n  "population_millions": 68.2\n}\n```'),
      'KNOWN GAP: no JSON mode; asked in the prompt, Claude wraps the JSON in a ```json fence (as in ' +
        'output.json-schema), so the text is not valid JSON',
    ),
    'output.schema-complex': one(
      say(`\`\`\`json\n${JSON.stringify(JSON.parse(ORDER_JSON), null, 2)}\n\`\`\``),
      'KNOWN GAP: no JSON-schema mode; asked in the prompt, Claude wraps the JSON in a ```json fence (as in ' +
        'output.json-schema), so the text is not valid JSON',
    ),
  },
  mistral: {
    'tools.foreign-history': rewrittenHistory(
      'It is currently 24 °C and sunny in Tokyo.',
      'both to nine alphanumerics read off their hash, as Mistral refuses any other id with a 400 "Tool call id was ' +
        '… but must be a-z, A-Z, 0-9, with a length of 9." (karthink/gptel#1203, jackmpcollins/magentic#276); ' +
        'sources silent on it refusing content "" beside tool_calls',
    ),
    'reasoning.basic': thought(
      '391',
      'Magistral: thinking content chunks before the text, under promptMode reasoning',
    ),
    'stream.usage': one(
      say('Gentle waves caress,\nWhispers of the ocean deep,\nEndless blue expanse.'),
      'usage in the final chunk although stream_options is not sent',
    ),
    'tools.stream': one(call('', 'Tokyo'), 'the whole call in one delta without index, 9-character id'),
    'tools.sequential': sequential(
      '',
      '',
      "It is currently 14 °C and rainy in Nantes, where ACME's head office is.",
      `each call with its own 9-character id, sent back as the tool message's tool_call_id; ${CHAIN_SILENT}`,
    ),
    'tools.stream-parallel': one(
      call('', 'Paris', 'Tokyo'),
      'both calls whole without index, each with its own 9-character id; sources silent on Mistral streaming ' +
        'several calls, so the shape follows its single streamed call',
    ),
    'output.json-schema': one(
      say('{"country": "France", "capital": "Paris", "population_millions": 67.8}'),
      'JSON valid against the schema',
    ),
    'input.pdf': NO_DOCUMENTS(
      'open-mistral-7b reads text only; a document_url chunk needs a model with document understanding',
      "I can't open attachments; I only see the text of your message. If you paste the PDF's text, I'll quote the sentence.",
    ),
    'input.image': NO_VISION(
      'open-mistral-7b',
      "I can't see any picture in your message; I can only read text. What word would you like to share?",
    ),
    'output.json-object': one(
      say('{"country": "France", "capital": "Paris", "population_millions": 67.8}'),
      'a JSON object: Mistral documents JSON mode as response_format json_object, the prompt asking for JSON ' +
        '(docs.mistral.ai structured output); sources silent on open-mistral-7b refusing it',
    ),
    'output.schema-complex': complex(
      'json_schema with strict: Mistral released custom structured outputs for all models (docs.mistral.ai ' +
        'release note 2025-01-28); the order as valid JSON',
    ),
  },
  ollama: {
    ...OLLAMA_IGNORES_CHOICE,
    'tools.foreign-history': one(
      say('It is currently 24 °C and sunny in Tokyo.'),
      'the history with its calls sent without ids and its results by tool_name, as /api/chat takes them, so no ' +
        'id is there to refuse; the tool-call-only turns with content "" (sources silent on it refusing that), ' +
        'then the answer quoting 24 °C',
    ),
    'reasoning.basic': thought('391', 'qwen3 with think: message.thinking lines, then the content'),
    'output.with-tools': OLLAMA_FORMAT_WITHOUT_CALL,
    'input.pdf': one(
      say("I don't see a PDF in your message. Could you paste its text here?"),
      'KNOWN GAP: the chat API takes pictures only (images[]), so the adapter cannot send the PDF; the model sees the ' +
        'question alone',
    ),
    'input.image': OLLAMA_NO_VISION(
      'qwen2.5:7b-instruct',
      "I'm sorry, but I can't see images. I can only work with text. Please type the word and I'll help.",
    ),
    'tools.choice-named': forcedIgnored(
      '/api/chat has no tool_choice field (ollama/ollama#11171) and none is sent',
    ),
    'tools.choice-required': one(
      say(
        "I'm just a computer program, so I don't have feelings, but I'm here and ready to help you! How can I " +
          'assist you today?',
      ),
      'KNOWN GAP: Ollama has no tool_choice; "required" is ignored and the model answers in text',
    ),
    'chat.system': one(say('Arr, hello there matey!'), 'system prompt obeyed'),
    'stream.usage': one(
      say("Waves whisper secrets,\nEndless blue embraces shore,\nNature's soft lullaby."),
      'prompt_eval_count / eval_count in the done line',
    ),
    'tools.parallel': one(call('', 'Paris', 'Tokyo'), 'qwen2.5 calls get_weather for both cities'),
    'tools.stream': one(call('', 'Tokyo'), 'the call arrives whole (arguments as an object) in one line'),
    'tools.sequential': sequential(
      '',
      '',
      "It is currently 14 °C and rainy in Nantes, where ACME's head office is.",
      'each result goes back by tool_name (no ids); huggingface/smolagents#938 reports qwen2.5:7b failing its ' +
        "second call through LiteLLM's ollama_chat, with no sign that the server is at fault, so it is " +
        'synthesized as handled',
    ),
    'tools.no-args': clock('', 'get_time with arguments as an object, {} (not a string), done_reason stop'),
    'tools.schema-dialect': trip(
      '',
      'plan_trip with arguments as an object; the schema reaches the template as text',
    ),
    'tools.stream-parallel': one(
      call('', 'Paris', 'Tokyo'),
      'both calls whole (arguments as objects) in one line; sources silent on how Ollama streams several calls',
    ),
    'output.json-schema': one(
      say('{"country": "France", "capital": "Paris", "population_millions": 67.8}'),
      'JSON valid against the schema (format)',
    ),
    'output.json-object': one(
      say('{"country": "France", "capital": "Paris", "population_millions": 67.8}'),
      'a JSON object: /api/chat documents format "json" as JSON mode',
    ),
    'output.schema-complex': OLLAMA_COMPLEX,
  },
};

/**
 * A streamed form (a scenario's `streamOf`) without a plan of its own answers as its unstreamed scenario does (same
 * ask, same words): the writers give the stream each provider's shape. A provider whose stream answers otherwise
 * has its own plan (Together's tool calls as text).
 */
function unstreamedForm(scenario: string): string | undefined {
  return ALL_SCENARIOS.find((s) => s.id === scenario)?.streamOf;
}

function ownPlan(provider: string, scenario: string): CasePlan | undefined {
  return OVERRIDES[provider]?.[scenario] ?? DEFAULT_PLANS[scenario];
}

export function planFor(provider: string, scenario: string): CasePlan {
  const whole = unstreamedForm(scenario);
  const own = ownPlan(provider, scenario);
  const plan = own ?? (whole === undefined ? undefined : ownPlan(provider, whole));
  if (!plan) throw new Error(`no plan for ${provider}/${scenario}`);
  return own || whole === undefined ? plan : { ...plan, note: `${plan.note}; streamed (as ${whole})` };
}
