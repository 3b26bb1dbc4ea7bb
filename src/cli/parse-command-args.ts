import { type ParseArgsConfig, parseArgs } from 'node:util';
import { closest } from '../catalog/suggest.ts';
import { UsageError } from '../core/usage-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

function isParseArgsError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

/**
 * parseArgs, strict, with its errors turned into usage errors that say what to type instead: the nearest option for
 * a typo, and where the command's help is. `allowPositionals` for the commands that take file arguments.
 */
export function parseCommandArgs<T extends Options>(
  command: string,
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    const help = `Run 'llmcompat ${command} --help' for its options.`;
    const unknown = /^Unknown option '([^']+)'/.exec(error.message)?.[1];
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
      const flags = Object.keys(options).map((name) => `--${name}`);
      const guess = closest(unknown, flags);
      throw new UsageError(
        `Unknown option '${unknown}' for llmcompat ${command}.${guess ? ` Did you mean '${guess}'?` : ''} ${help}`,
      );
    }
    const positional = /^Unexpected argument '([^']*)'/.exec(error.message)?.[1];
    if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && positional !== undefined) {
      throw new UsageError(
        `Unexpected argument '${positional}': llmcompat ${command} takes options only, each written ` +
          `--<name> <value>. ${help}`,
      );
    }
    throw new UsageError(`${error.message.replace(/\.?$/, '.')} ${help}`);
  }
}
