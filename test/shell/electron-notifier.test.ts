import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electronNotifier } from '../../src/main/electron-notifier';
import type { NotificationContent } from '../../src/shared/alerts';
import { FakeNotification } from '../support/fake-electron';

const content: NotificationContent = { title: '@shop_bot is down', body: 'Telegram cannot be reached.', opens: { page: 'alerts', incidentId: 7 } };

beforeEach(() => {
  vi.clearAllMocks();
  FakeNotification.supported = true;
  FakeNotification.instances.length = 0;
});

describe('the Electron notifier', () => {
  it('explains when the system has no notifications, and shows none', () => {
    FakeNotification.supported = false;
    const notifier = electronNotifier({ Notification: FakeNotification, onClick: vi.fn() });
    expect(notifier.unavailable()).toMatch(/does not support desktop notifications/);
    notifier.show(content);
    expect(FakeNotification.instances).toHaveLength(0);
  });

  it('shows an audible notification with the title and body', () => {
    const notifier = electronNotifier({ Notification: FakeNotification, icon: '/app/resources/icon.png', onClick: vi.fn() });
    expect(notifier.unavailable()).toBeNull();
    notifier.show(content);
    const shown = FakeNotification.instances[0]!;
    expect(shown.options).toEqual({ title: content.title, body: content.body, silent: false, icon: '/app/resources/icon.png' });
    expect(shown.show).toHaveBeenCalledTimes(1);
  });

  it('leaves the icon out when none is given', () => {
    electronNotifier({ Notification: FakeNotification, onClick: vi.fn() }).show(content);
    expect(FakeNotification.instances[0]!.options).not.toHaveProperty('icon');
  });

  it('reports a click with what the notification is about: an incident, none, a recovery job', () => {
    const onClick = vi.fn();
    const notifier = electronNotifier({ Notification: FakeNotification, onClick });
    notifier.show(content);
    notifier.show({ ...content, opens: { page: 'alerts', incidentId: null } });
    notifier.show({ ...content, opens: { page: 'recovery', jobId: 4 } });
    FakeNotification.instances[1]!.click();
    FakeNotification.instances[2]!.click();
    FakeNotification.instances[0]!.click();
    expect(onClick.mock.calls).toEqual([[{ page: 'alerts', incidentId: null }], [{ page: 'recovery', jobId: 4 }], [{ page: 'alerts', incidentId: 7 }]]);
  });

  it('holds each notification until it is clicked, closed or fails, so its click handler survives', () => {
    const notifier = electronNotifier({ Notification: FakeNotification, onClick: vi.fn() });
    for (let i = 0; i < 3; i += 1) notifier.show(content);
    expect(notifier.held()).toBe(3);
    const [clicked, closed, failed] = FakeNotification.instances;
    clicked!.click();
    closed!.emit('close', {});
    expect(notifier.held()).toBe(1);
    failed!.emit('failed', {}, 'no notification server');
    expect(notifier.held()).toBe(0);
  });

  it('holds at most the fifty newest', () => {
    const onClick = vi.fn();
    const notifier = electronNotifier({ Notification: FakeNotification, onClick });
    for (let i = 0; i < 60; i += 1) notifier.show({ ...content, opens: { page: 'alerts', incidentId: i } });
    expect(notifier.held()).toBe(50);
    // A dropped one still works if the system kept it alive; it is only no longer held.
    FakeNotification.instances[59]!.click();
    expect(onClick).toHaveBeenCalledWith({ page: 'alerts', incidentId: 59 });
    expect(notifier.held()).toBe(49);
  });
});
