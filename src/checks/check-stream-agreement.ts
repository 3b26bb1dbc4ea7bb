import type { Observed } from '../core/case-result.ts';
import { type Diagnostic, deviation } from '../core/diagnostic.ts';
import { isRecord } from '../core/is-record.ts';

/** A call's arguments as their shape: the sorted keys of the object, or what else they were. */
function argumentShape(parsed: unknown, parses: boolean): string {
  if (!parses) return 'unparsable';
  return isRecord(parsed) ? `{${Object.keys(parsed).sort().join(',')}}` : JSON.stringify(parsed);
}

/** What the two forms of one ask must agree on: the finish reason, the tools called, the shape of their arguments. */
function gist(observed: Observed) {
  return {
    finish: observed.finish?.reason,
    tools: observed.toolCalls.map((call) => call.name),
    shapes: observed.toolCalls.map((call) => argumentShape(call.parsed, 'parsed' in call)),
  };
}

const list = (items: string[]) => (items.length === 0 ? 'none' : items.join(', '));

/**
 * A provider's streamed answer against its answer to the same ask without streaming (`wholeScenario`): a deviation
 * naming each difference when the finish reason, the tools called or the keys of their arguments differ. A client
 * that switches to streaming should not get a different kind of answer. Values may differ (the asks name other
 * cities); the shape may not.
 */
export function checkStreamAgreement(
  streamed: Observed,
  whole: Observed,
  wholeScenario: string,
): Diagnostic | undefined {
  const s = gist(streamed);
  const w = gist(whole);
  const differences: string[] = [];
  if (s.finish !== w.finish) differences.push(`finish ${s.finish ?? 'none'} vs ${w.finish ?? 'none'}`);
  if (list(s.tools) !== list(w.tools)) differences.push(`tools ${list(s.tools)} vs ${list(w.tools)}`);
  else if (list(s.shapes) !== list(w.shapes)) {
    differences.push(`arguments ${list(s.shapes)} vs ${list(w.shapes)}`);
  }
  if (differences.length === 0) return undefined;
  return deviation(
    'stream-disagrees',
    `streamed, the answer differs from the same ask not streamed (${wholeScenario}): ${differences.join('; ')}: ` +
      'a client that turns streaming on gets a different kind of answer',
    JSON.stringify({ streamed: s, whole: w }),
  );
}
