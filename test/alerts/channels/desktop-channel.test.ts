import { describe, expect, it } from 'vitest';
import { desktopChannel } from '../../../src/main/core/alerts/channels/desktop-channel';
import { alertMessage, deliveryContext, deliveryFailure, recordingNotifier } from './delivery-context';

describe('the desktop channel', () => {
  it('shows the title and text, linked to the incident', async () => {
    const notifier = recordingNotifier();
    await desktopChannel.deliver(alertMessage(), { kind: 'desktop' }, deliveryContext({ notifier }));
    expect(notifier.shown).toEqual([{ title: '@shop_bot is down', body: 'No updates since 09:00.\n4 leads waiting, 120 EUR at stake.', opens: { page: 'alerts', incidentId: 7 } }]);
  });

  it('links nothing when there is no incident', async () => {
    const notifier = recordingNotifier();
    await desktopChannel.deliver(alertMessage({ type: 'test', incident: null }), { kind: 'desktop' }, deliveryContext({ notifier }));
    expect(notifier.shown[0]?.opens).toEqual({ page: 'alerts', incidentId: null });
  });

  it('fails, not retryable, with the reason notifications are unavailable', async () => {
    const notifier = recordingNotifier('Notifications are turned off for Botdeck in the system settings.');
    const error = await deliveryFailure(desktopChannel.deliver(alertMessage(), { kind: 'desktop' }, deliveryContext({ notifier })));
    expect(error.message).toBe('Notifications are turned off for Botdeck in the system settings.');
    expect(error.retryable).toBe(false);
    expect(notifier.shown).toEqual([]);
  });

  it('turns a notifier that throws into a delivery error', async () => {
    const notifier = {
      native: false,
      unavailable: () => null,
      show: () => {
        throw new Error('no notification daemon');
      },
    };
    const error = await deliveryFailure(desktopChannel.deliver(alertMessage(), { kind: 'desktop' }, deliveryContext({ notifier })));
    expect(error.message).toContain('no notification daemon');
  });

  it('hints at this computer', () => {
    expect(desktopChannel.hint({ kind: 'desktop' })).toBe('This computer');
    expect(desktopChannel.role).toBe('alerts');
  });
});
