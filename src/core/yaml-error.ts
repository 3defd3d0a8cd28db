/**
 * A YAML parse error's own words, for messages that print the file, line and column themselves.
 */
import type { YAMLError } from 'yaml';

/**
 * The error's message without what `prettyErrors` appends: " at line L, column C:" and a frame
 * of the source, which would dangle after our own `file:line` prefix.
 * @example yamlErrorText(doc.errors[0]) // 'Flow sequence in block collection must be … end with a ]'
 */
export function yamlErrorText(error: YAMLError): string {
  return (error.message.split(/ at line \d+, column \d+/)[0] ?? error.message).trim();
}
