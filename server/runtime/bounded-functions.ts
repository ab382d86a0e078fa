import { NodeFailure } from '../executors/types.js';
import { MAX_EXPRESSION_STRING_CHARS } from './expression-budget.js';

/** JSONata's signature of $pad: a string (or the context), a width, an optional padding string. */
export const PAD_SIGNATURE = '<s-ns?:s>';

/**
 * $pad as JSONata defines it (widths count code points; a negative width pads on the left), except
 * that the width is refused above the string limit before any padding is built: `$pad("", 1e9)`
 * would otherwise allocate a gigabyte in one native call that no step hook can interrupt.
 */
export function boundedPad(text: string | undefined, width: number, padding?: string): string | undefined {
  if (text === undefined) return undefined;
  const fill = padding === undefined || padding.length === 0 ? ' ' : padding;
  const target = Math.trunc(width);
  const missing = Math.abs(target) - [...text].length;
  if (!(missing > 0)) return text;
  if (missing * fill.length > MAX_EXPRESSION_STRING_CHARS) {
    throw new NodeFailure('expression_too_large', `$pad to ${Math.abs(target)} characters; an expression may produce at most ${MAX_EXPRESSION_STRING_CHARS}`);
  }
  const fillPoints = [...fill].length;
  let pad = fill.repeat(Math.ceil(missing / fillPoints));
  if (fillPoints * Math.ceil(missing / fillPoints) !== missing) pad = [...pad].slice(0, missing).join('');
  return target > 0 ? text + pad : pad + text;
}
