import {
  OBSERVED_USAGE_KINDS,
  type Observed,
  type ObservedText,
  type ObservedUsage,
} from '../core/case-result.ts';
import { printable } from './printable.ts';

const HEAD = 40;

function head(text: string, trimmed = false): string {
  const shown = printable(text);
  return shown.length > HEAD || trimmed ? `${shown.slice(0, HEAD)}…` : shown;
}

// The footnote line is short: input and output abbreviated.
const SHORT: Partial<Record<keyof ObservedUsage, string>> = { input: 'in', output: 'out' };

const quoted = (text: ObservedText) => `"${head(text.text, text.trimmedFrom !== undefined)}"`;

/**
 * What the provider answered, on one line for a footnote: the text's head, the calls with their arguments as sent,
 * the finish reason neutral and raw, the usage. Undefined when there was no answer to show.
 */
export function observedSummary(observed: Observed | undefined): string | undefined {
  if (!observed?.finish) return undefined;
  const parts: string[] = [];
  if (observed.text?.text) parts.push(`text ${quoted(observed.text)}`);
  if (observed.reasoning?.text) parts.push(`reasoning ${quoted(observed.reasoning)}`);
  for (const call of observed.toolCalls) parts.push(`call ${printable(call.name)}(${head(call.arguments)})`);
  if (parts.length === 0) parts.push('no text, no tool call');
  const { reason, raw } = observed.finish;
  parts.push(`finish ${reason}${raw !== undefined && raw !== reason ? ` (${printable(raw)})` : ''}`);
  const usage = observed.usage;
  if (usage) {
    const counts = OBSERVED_USAGE_KINDS.filter((kind) => usage[kind] !== undefined).map(
      (kind) => `${usage[kind]} ${SHORT[kind] ?? kind}`,
    );
    if (counts.length > 0) parts.push(`usage ${counts.join(', ')}`);
  }
  const turn = observed.turn === undefined ? '' : ` (turn ${observed.turn})`;
  return `answered${turn}: ${parts.join(' · ')}`;
}
