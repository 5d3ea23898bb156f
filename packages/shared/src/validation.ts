import { ValidationError } from './errors';

/**
 * Returns `v` when it is a whole number in [min, max]; throws a ValidationError naming `field`
 * and `[rule]` otherwise. For construct props that no config schema has checked already.
 */
export function assertWholeNumber(v: number, min: number, max: number, field: string, rule: string): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new ValidationError(field, `[${rule}] must be a whole number between ${min} and ${max}`, v);
  }
  return v;
}
