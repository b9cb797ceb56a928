import { describe, expect, it } from 'vitest';
import { API_ROOT_ENV, apiRootInForce } from '../../src/main/core/bots/telegram-api-root';
import { openStore } from '../../src/main/core/db/store';
import { writeSettings } from '../../src/main/core/operator-settings';
import { TELEGRAM_API_ROOT } from '../../src/shared/settings';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

describe('the Bot API address in force, and why (Settings explains an empty field with it)', () => {
  it('is the environment variable over the setting over Telegram’s own server', async () => {
    const store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
    try {
      expect(apiRootInForce(store.db, {})).toEqual({ root: TELEGRAM_API_ROOT, from: 'default' });
      expect(apiRootInForce(store.db, { [API_ROOT_ENV]: 'http://127.0.0.1:8081/' })).toEqual({ root: 'http://127.0.0.1:8081', from: 'environment' });
      writeSettings(store.db, { telegramApiRoot: 'https://bots.example.com' });
      expect(apiRootInForce(store.db, {})).toEqual({ root: 'https://bots.example.com', from: 'setting' });
      expect(apiRootInForce(store.db, { [API_ROOT_ENV]: 'http://127.0.0.1:8081' })).toEqual({ root: 'http://127.0.0.1:8081', from: 'environment' });
      expect(apiRootInForce(store.db, { [API_ROOT_ENV]: '  ' })).toEqual({ root: 'https://bots.example.com', from: 'setting' });
    } finally {
      store.close();
    }
  });
});
