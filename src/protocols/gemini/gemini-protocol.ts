import type { ProtocolDefinition } from '../protocol-definition.ts';
import { openAiStyleErrorBody } from '../shared/error-body.ts';
import { lazyAdapter } from '../shared/lazy-adapter.ts';
import { checkGeminiWire } from './check-gemini-wire.ts';
import { geminiToolCallIds, geminiToolResultFlags, geminiToolResultIds } from './read-gemini-tool-results.ts';
import { GEMINI_WIRE } from './read-gemini-wire.ts';

/** Google's native Gemini API (`generateContent`, `streamGenerateContent?alt=sse`). */
export const geminiProtocol: ProtocolDefinition = {
  wire: GEMINI_WIRE,
  adapter: lazyAdapter('gemini', async () => (await import('./gemini-adapter.ts')).createGeminiAdapter),
  checkWire: checkGeminiWire,
  toolResultIds: geminiToolResultIds,
  toolResultFlags: geminiToolResultFlags,
  toolCallIds: geminiToolCallIds,
  errorBody: openAiStyleErrorBody,
};
