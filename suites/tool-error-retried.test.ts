import { expect } from 'vitest';
import { describeBreak } from './support/broken-fixture.ts';

// OpenAI's answer to the failed weather lookup, broken the way the loop shows (spring-projects/spring-ai-examples#71,
// openclaw/openclaw#63023): instead of saying the weather is not available, the model calls get_weather again, its
// second answer the same call as its first, no text, finish tool_calls.
describeBreak(
  'a tool called again after its result reported an error',
  {
    provider: 'openai',
    scenario: 'tools.error-result',
    code: 'tool-error-retried',
    breakAnswer: (first, fixture) => {
      const second = fixture.exchanges[1];
      expect(second?.response.chunks.map((chunk) => chunk.text).join('')).toContain('unavailable');
      if (second) second.response = structuredClone(first);
    },
  },
  (found) => {
    expect(found.message).toContain(
      'the get_weather result reported an error and the model called get_weather again',
    );
    expect(found.evidence).toBe('get_weather({"city":"Oslo"})');
  },
);
