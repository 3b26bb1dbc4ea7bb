import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/usage-error.ts';
import { BUILT_IN_CLIENTS, clientsProblems, resolveClient } from './client-config.ts';
import { configProblems } from './config.ts';

describe('clientsProblems', () => {
  it('accepts a command with its folder, variables, protocols and start timeout', () => {
    expect(
      configProblems({
        clients: {
          mine: {
            command: ['dart', 'run', 'tool/llmcompat_client.dart'],
            cwd: 'packages/client',
            env: { DART_LOG: 'fine' },
            protocols: ['openai-chat', 'anthropic-messages'],
            startTimeoutMs: 60_000,
          },
        },
      }),
    ).toEqual([]);
  });

  it('names each wrong field and its fix', () => {
    expect(
      clientsProblems({
        'no/slash': { command: ['x'] },
        shell: { command: 'python3 client.py', colour: 'red' },
        loose: { command: ['python3', ''], cwd: '', env: { 'NOT-A-NAME': 'x', OK: 1 }, protocols: [] },
        slow: { command: ['x'], startTimeoutMs: 0 },
        nothing: 'python3',
      }),
    ).toEqual([
      expect.stringMatching(/^clients\.no\/slash: a client name uses letters, digits/),
      "clients.shell: unknown field 'colour' (known: command, cwd, env, protocols, startTimeoutMs)",
      "clients.shell.command: give the program and its arguments as a list of strings, e.g. ['python3', 'my_client.py']",
      "clients.loose.command: give the program and its arguments as a list of strings, e.g. ['python3', 'my_client.py']",
      'clients.loose.cwd: must be a folder path',
      "clients.loose.env: 'NOT-A-NAME' is not a variable name",
      'clients.loose.env.OK: must be a string',
      "clients.loose.protocols: list protocol names, e.g. ['openai-chat'], or leave it out",
      'clients.slow.startTimeoutMs: must be a whole number of ms from 1 to 600000',
      "clients.nothing: must be an object { command: ['program', 'arg', …], cwd?, env? }",
    ]);
    expect(clientsProblems(['x'])).toEqual([
      "clients: must map client names to { command: ['program', 'arg', …] }",
    ]);
  });
});

describe('resolveClient', () => {
  it('knows the Python reference client without a config, and lets a config replace it', () => {
    expect(resolveClient(undefined, 'python-reference')).toEqual({
      name: 'python-reference',
      ...BUILT_IN_CLIENTS['python-reference'],
    });
    expect(resolveClient(undefined, 'python-reference').command[1]).toMatch(
      /clients\/python\/llmcompat_client\.py$/,
    );
    expect(
      resolveClient({ 'python-reference': { command: ['python3.12', 'c.py'] } }, 'python-reference'),
    ).toEqual({
      name: 'python-reference',
      command: ['python3.12', 'c.py'],
    });
  });

  it('names an unknown client, the nearest name and where to define one', () => {
    expect(() => resolveClient({ mine: { command: ['x'] } }, 'mien')).toThrow(UsageError);
    expect(() => resolveClient({ mine: { command: ['x'] } }, 'mien')).toThrow(
      "Unknown client 'mien'. Did you mean 'mine'? Known: python-reference, mine; define one in " +
        "llmcompat.config.ts as clients: { <name>: { command: ['program', 'arg'] } }.",
    );
    expect(() => resolveClient({}, 'toString')).toThrow(/^Unknown client 'toString'/);
  });
});
