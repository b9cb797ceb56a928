import { describe, expect, it } from 'vitest';
import { outageAlertsSomeone } from '../../src/shared/alert-reach';
import type { ChannelKind } from '../../src/shared/alerts';
import { createHandlers } from '../../src/main/core/api';
import type { Notifier } from '../../src/main/core/alerts/notifier';
import { startCore } from '../../src/main/core/core';
import { dispatch } from '../../src/main/core/dispatch';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

const channel = (kind: ChannelKind, enabled = true): { kind: ChannelKind; enabled: boolean } => ({ kind, enabled });

describe('whether an outage alerts anybody (the dashboard warns when not)', () => {
  it('needs an enabled channel that is told about incidents', () => {
    expect(outageAlertsSomeone([])).toBe(false);
    expect(outageAlertsSomeone([channel('heartbeat')])).toBe(false);
    expect(outageAlertsSomeone([channel('telegram', false), channel('desktop', false), channel('heartbeat')])).toBe(false);
    expect(outageAlertsSomeone([channel('heartbeat'), channel('webhook')])).toBe(true);
    expect(outageAlertsSomeone([channel('desktop')])).toBe(true);
  });

  it.each([
    { host: 'headless (no screen of its own)', native: false, reached: false },
    { host: 'the desktop app (its notifications are on from the first start)', native: true, reached: true },
  ])('on a fresh store of $host: $reached', async ({ native, reached }) => {
    const notifier: Notifier = { native, unavailable: () => null, show: () => undefined };
    const core = await startCore({ dataDir: tempDir(), appVersion: APP_VERSION, env: {}, notifier });
    try {
      const result = await dispatch(createHandlers(core, 'linux'), 'listAlertChannels', undefined);
      if (!result.ok) throw new Error(result.error.message);
      expect(outageAlertsSomeone(result.value)).toBe(reached);
    } finally {
      await core.close();
    }
  });
});
