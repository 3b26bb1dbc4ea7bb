import { describe, expect, it } from 'vitest';
import { idFromBaseUrl } from './probe-command.ts';

describe('idFromBaseUrl', () => {
  it('names a probed provider after its host, without the generic parts', () => {
    expect(idFromBaseUrl('https://api.example.com/v1')).toBe('example');
    expect(idFromBaseUrl('https://api.groq.com/openai/v1')).toBe('groq');
    expect(idFromBaseUrl('https://inference.eu.acme.ai/v1')).toBe('eu-acme');
    expect(idFromBaseUrl('http://127.0.0.1:8080/v1')).toBe('probed');
    expect(idFromBaseUrl('http://localhost:11434')).toBe('probed');
    expect(idFromBaseUrl('http://[::1]:8080')).toBe('probed');
  });
});
