import { expect } from 'vitest';
import { describeBreak } from './support/broken-fixture.ts';
import { toolResultsRewritten } from './support/rewriting-client.ts';

// A client that does not know the error flag: its Messages requests send a failed tool's result as a plain
// tool_result, without `is_error: true`. It stands in for the built-in Anthropic adapter, and the fixture's second
// request is recorded without the flag to match, so that the dropped flag, not request drift, is what fails.
const FLAG = ',"is_error":true';

const flagDroppingAdapter = toolResultsRewritten(
  'anthropic-messages',
  ({ isError: _dropped, ...rest }) => rest,
);

describeBreak(
  "an error result sent without the protocol's error flag",
  {
    provider: 'anthropic',
    scenario: 'tools.error-result',
    code: 'tool-error-flag-dropped',
    breakAnswer: (_first, fixture) => {
      const second = fixture.exchanges[1];
      const request = JSON.stringify(second?.request.body);
      expect(request).toContain(FLAG);
      if (second) second.request.body = JSON.parse(request.replace(FLAG, ''));
    },
    config: { adapters: { 'anthropic-messages': flagDroppingAdapter } },
  },
  (found) => {
    expect(found.message).toContain(
      'request 2 sends the get_weather result, which reports an error, without',
    );
    expect(found.message).toContain('`is_error: true` on its tool_result block');
    expect(found.evidence).toContain('"content":"Error: the weather service is unavailable."');
  },
);
