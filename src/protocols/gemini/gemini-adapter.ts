import { type GenerateContentConfig, type GenerateContentParameters, GoogleGenAI } from '@google/genai';
import type { AdapterFactory, ChatRequest } from '../../core/adapter-contract.ts';
import { createWholeChunkStreamMapper, wholeChunkToResult } from '../shared/map-whole-chunk.ts';
import { convertToGeminiContents } from './convert-to-gemini-contents.ts';
import { geminiFinish } from './map-gemini-finish-reason.ts';
import { prepareGeminiTools } from './prepare-gemini-tools.ts';
import { readGeminiResponse } from './read-gemini-response.ts';

export function buildGeminiParams(request: ChatRequest, signal?: AbortSignal): GenerateContentParameters {
  const { systemInstruction, contents } = convertToGeminiContents(request.messages);
  const config: GenerateContentConfig = {
    // Client-side behaviours that would send extra requests the harness did not ask for.
    automaticFunctionCalling: { disable: true },
    automaticContinuation: false,
    ...prepareGeminiTools(request.tools, request.toolChoice),
  };
  if (systemInstruction) config.systemInstruction = systemInstruction;
  // JSON mode is the MIME type alone; a schema narrows it.
  if (request.responseFormat) config.responseMimeType = 'application/json';
  if (request.responseFormat?.type === 'json-schema')
    config.responseJsonSchema = request.responseFormat.schema;
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.stop !== undefined) config.stopSequences = request.stop;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.reasoning !== undefined) {
    // Without includeThoughts a thinking model thinks but sends none of it back.
    config.thinkingConfig = { includeThoughts: true, thinkingBudget: request.reasoning.budgetTokens };
  }
  if (signal) config.abortSignal = signal;
  return { model: request.model, contents, config };
}

export const createGeminiAdapter: AdapterFactory = (config) => {
  const client = new GoogleGenAI({
    apiKey: config.apiKey,
    // Explicit, so GOOGLE_GENAI_USE_VERTEXAI / GOOGLE_GENAI_API_VERSION in the environment change nothing.
    vertexai: false,
    apiVersion: 'v1beta',
    // No retryOptions: without them the SDK sends each request once.
    httpOptions: { baseUrl: config.baseUrl, fetch: config.fetch },
  });

  return {
    protocol: 'gemini',

    async complete(request, signal) {
      const response = await client.models.generateContent(buildGeminiParams(request, signal));
      return wholeChunkToResult(readGeminiResponse(response), geminiFinish);
    },

    async *stream(request, signal) {
      const chunks = await client.models.generateContentStream(buildGeminiParams(request, signal));
      // Every chunk is a whole GenerateContentResponse; each functionCall part is a complete call.
      const mapChunk = createWholeChunkStreamMapper(readGeminiResponse, geminiFinish);
      for await (const chunk of chunks) yield* mapChunk(chunk);
    },
  };
};
