import type { FinishReason } from '../types.ts';

/** Ollama says `stop` after tool calls too; the calls themselves tell the two apart. */
export function mapOllamaFinishReason(doneReason: string | undefined, hasToolCalls: boolean): FinishReason {
  switch (doneReason) {
    case 'stop':
      return hasToolCalls ? 'tool-calls' : 'stop';
    case 'length':
      return 'length';
    case undefined:
    case '':
      return 'unknown';
    default:
      return 'other';
  }
}
