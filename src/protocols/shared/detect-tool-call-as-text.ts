// Recognises assistant text that is really a tool call the provider failed to parse out of the model's
// output: Llama's `<|python_tag|>`, call-shaped JSON, `<function=…>`, Hermes/Qwen `<tool_call>`, Mistral's
// `[TOOL_CALLS]`, Gemini's ```tool_code fences and Llama 3.2's pythonic `[get_weather(city="Tokyo")]`.

import { isRecord } from '../../core/is-record.ts';

export interface ToolCallText {
  /** The shape, as a person would name it, e.g. `<|python_tag|>` or `JSON {"name":…,"parameters":…}`. */
  shape: string;
  /** The part of the text that is the call. */
  evidence: string;
}

const TOOL_NAME = /^[A-Za-z_][\w.-]{0,127}$/;
const MAX_JSON_CANDIDATES = 50;
const MAX_PYTHONIC_LENGTH = 4000;

interface Marker {
  shape: string;
  pattern: RegExp;
}

const MARKERS: readonly Marker[] = [
  { shape: '<|python_tag|>', pattern: /<\|python_tag\|>/ },
  { shape: '<function=…>', pattern: /<function=[A-Za-z_][\w.-]*>/ },
  { shape: '<tool_call>', pattern: /<tool_call>\s*[{[]|<tool_call>[\s\S]*?<\/tool_call>/ },
  { shape: '[TOOL_CALLS]', pattern: /\[TOOL_CALLS\]/ },
  // Gemini writes calls it did not make as Python in a `tool_code` fence.
  { shape: '```tool_code', pattern: /```tool_code\s/ },
];

// One or more `name(key=value, …)` or `name()` calls in brackets, and nothing else.
const PYTHONIC_CALLS =
  /^\[\s*[A-Za-z_][\w.]*\((?:\s*|[A-Za-z_]\w*\s*=[\s\S]*?)\)(?:\s*,\s*[A-Za-z_][\w.]*\((?:\s*|[A-Za-z_]\w*\s*=[\s\S]*?)\))*\s*\]$/;

function isToolName(value: unknown): value is string {
  return typeof value === 'string' && TOOL_NAME.test(value);
}

function isArguments(value: unknown): boolean {
  return isRecord(value) || typeof value === 'string';
}

/** The shape of a parsed JSON value that is a tool call, or undefined. */
function callShapeOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const fn = value.function;
  if (value.type === 'function' && (isToolName(value.name) || (isRecord(fn) && isToolName(fn.name)))) {
    return 'JSON {"type":"function","name":…}';
  }
  if (isToolName(value.name)) {
    if ('parameters' in value && isArguments(value.parameters)) return 'JSON {"name":…,"parameters":…}';
    if ('arguments' in value && isArguments(value.arguments)) return 'JSON {"name":…,"arguments":…}';
  }
  if (isRecord(fn) && isToolName(fn.name) && 'arguments' in fn) {
    return 'JSON {"function":{"name":…,"arguments":…}}';
  }
  return undefined;
}

/** Call-shaped text that is not valid JSON, e.g. Ollama's `{"name":"get_time","parameters>{…}}`. */
function malformedCallShapeOf(text: string): string | undefined {
  if (!/^\{\s*"(?:type|name|function)"/.test(text)) return undefined;
  if (!/"name"\s*:\s*"[A-Za-z_][\w.-]*"/.test(text)) return undefined;
  if (/"type"\s*:\s*"function"/.test(text)) return 'JSON-like {"type":"function","name":…} (not valid JSON)';
  const key = /"(parameters|arguments)\b/.exec(text)?.[1];
  return key === undefined ? undefined : `JSON-like {"name":…,"${key}":…} (not valid JSON)`;
}

/** The end (exclusive) of the balanced JSON object starting at `start`, or undefined if it never closes. */
function objectEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

function detectJsonCall(text: string): ToolCallText | undefined {
  // Every `{"` can open a call: the call may sit in prose, in a code fence or inside an array or wrapper.
  const opening = /\{\s*"/g;
  let candidates = 0;
  for (let match = opening.exec(text); match !== null; match = opening.exec(text)) {
    if (++candidates > MAX_JSON_CANDIDATES) break;
    const start = match.index;
    const end = objectEnd(text, start);
    const span = text.slice(start, end);
    let parsed: unknown;
    let valid = end !== undefined;
    if (valid) {
      try {
        parsed = JSON.parse(span);
      } catch {
        valid = false;
      }
    }
    const shape = valid ? callShapeOf(parsed) : malformedCallShapeOf(span);
    if (shape !== undefined) return { shape, evidence: span };
  }
  return undefined;
}

export function detectToolCallAsText(text: string): ToolCallText | undefined {
  for (const marker of MARKERS) {
    const match = marker.pattern.exec(text);
    if (match) return { shape: marker.shape, evidence: text.slice(match.index).trim() };
  }
  const json = detectJsonCall(text);
  if (json) return json;
  const trimmed = text.trim();
  if (trimmed.length <= MAX_PYTHONIC_LENGTH && PYTHONIC_CALLS.test(trimmed))
    return { shape: '[name(arg=…)] (pythonic)', evidence: trimmed };
  return undefined;
}
