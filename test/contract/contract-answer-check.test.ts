import { describe, expect, it } from 'vitest';
import { errorInfoOf } from '../../src/shared/errors';
import { errorText } from '../../src/shared/i18n/error-text';
import { expectContractAnswer } from '../support/contract-output';

const appInfo = { version: '1.0.0', dataDir: '/data', platform: 'linux', faults: 0 };

describe('the contract tests’ answer check', () => {
  it('accepts an answer that is exactly its output schema, and a coded error', () => {
    expectContractAnswer('getAppInfo', { ok: true, value: appInfo });
    expectContractAnswer('removeBot', { ok: true, value: { removed: true } });
    expectContractAnswer('getAppInfo', { ok: false, error: errorInfoOf('STORE_BUSY', errorText('store.busy', { doing: errorText('store.doing.open', {}), file: 'botdeck.db' })) });
  });

  it('fails a value with a field its schema lacks, or of a wrong type', () => {
    expect(() => expectContractAnswer('getAppInfo', { ok: true, value: { ...appInfo, token: '123:secret' } })).toThrow(/getAppInfo/);
    expect(() => expectContractAnswer('getAppInfo', { ok: true, value: { ...appInfo, faults: '0' } })).toThrow(/getAppInfo/);
    expect(() => expectContractAnswer('removeBot', { ok: true, value: { removed: false } })).toThrow(/removeBot/);
  });

  it('fails an error whose code the contract does not name', () => {
    expect(() =>
      expectContractAnswer('getAppInfo', { ok: false, error: { code: 'SOMETHING_ELSE', text: errorText('internal.unexpected', { detail: '?' }), message: '?' } }),
    ).toThrow(/getAppInfo/);
    expect(() => expectContractAnswer('getAppInfo', { ok: false })).toThrow(/getAppInfo/);
  });
});
