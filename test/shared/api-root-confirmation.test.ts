import { describe, expect, it } from 'vitest';
import { apiRootChangeNeedsConfirmation } from '../../src/shared/settings';

describe('confirming a new Bot API address', () => {
  it('is asked for any address that is new and not Telegram’s own', () => {
    expect(apiRootChangeNeedsConfirmation(null, 'https://bot-api.example.com')).toBe(true);
    expect(apiRootChangeNeedsConfirmation('http://localhost:8081', 'http://localhost:8082')).toBe(true);
  });

  it('is not asked for the address already saved, or for Telegram’s own server', () => {
    expect(apiRootChangeNeedsConfirmation('http://localhost:8081', 'http://localhost:8081/')).toBe(false);
    expect(apiRootChangeNeedsConfirmation('http://localhost:8081', null)).toBe(false);
    expect(apiRootChangeNeedsConfirmation('http://localhost:8081', 'https://api.telegram.org/')).toBe(false);
    expect(apiRootChangeNeedsConfirmation(null, null)).toBe(false);
  });
});
