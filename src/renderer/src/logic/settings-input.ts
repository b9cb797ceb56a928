/**
 * Reading the numbers the operator types in Settings. Pure, so the console tests run it in
 * Node; the page turns a failure into a message next to the field.
 */

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/** A whole number within [min, max]; anything else (empty, 2.5, 1e3, "abc") is refused. */
export function parseWhole(text: string, min: number, max: number): Parsed<number> {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) return { ok: false };
  const value = Number(trimmed);
  return value >= min && value <= max ? { ok: true, value } : { ok: false };
}

/**
 * An optional decimal within [min, max]: empty means "not set" (null). Both 197.50 and the
 * Brazilian 197,50 (or 1.234,56) are read, since the console runs in either language.
 */
export function parseOptionalDecimal(text: string, min: number, max: number): Parsed<number | null> {
  let trimmed = text.trim().replace(/\s/g, '');
  if (trimmed === '') return { ok: true, value: null };
  // A comma is the decimal separator; any dots before it group thousands.
  if (trimmed.includes(',')) trimmed = trimmed.replace(/\./g, '').replace(',', '.');
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) return { ok: false };
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= min && value <= max ? { ok: true, value } : { ok: false };
}

/** A stored optional number as the field shows it. */
export function decimalText(value: number | null): string {
  return value === null ? '' : String(value);
}
