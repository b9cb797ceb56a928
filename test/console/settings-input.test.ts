import { describe, expect, it } from 'vitest';
import { decimalText, parseOptionalDecimal, parseWhole } from '../../src/renderer/src/logic/settings-input';

describe('the whole-number settings', () => {
  it('take a whole number within the limits', () => {
    expect(parseWhole(' 30 ', 5, 3600)).toEqual({ ok: true, value: 30 });
    expect(parseWhole('0', 0, 1440)).toEqual({ ok: true, value: 0 });
  });

  it('refuse anything else', () => {
    for (const text of ['', '4', '3601', '2.5', '1e3', 'abc', '30s']) expect(parseWhole(text, 5, 3600)).toEqual({ ok: false });
  });
});

describe('the money settings', () => {
  it('read empty as not set', () => {
    expect(parseOptionalDecimal('  ', 0, 100)).toEqual({ ok: true, value: null });
  });

  it('read both decimal separators', () => {
    expect(parseOptionalDecimal('197.50', 0, 1e9)).toEqual({ ok: true, value: 197.5 });
    expect(parseOptionalDecimal('197,50', 0, 1e9)).toEqual({ ok: true, value: 197.5 });
    expect(parseOptionalDecimal('1.234,56', 0, 1e9)).toEqual({ ok: true, value: 1234.56 });
    expect(parseOptionalDecimal('2,5', 0, 100)).toEqual({ ok: true, value: 2.5 });
  });

  it('refuse what is not a number or out of range', () => {
    for (const text of ['abc', '-1', '101', '1,2,3', '1e2']) expect(parseOptionalDecimal(text, 0, 100)).toEqual({ ok: false });
  });

  it('show a stored value back, empty when not set', () => {
    expect(decimalText(null)).toBe('');
    expect(decimalText(197.5)).toBe('197.5');
  });
});
