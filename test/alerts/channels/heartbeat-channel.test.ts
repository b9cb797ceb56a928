import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { heartbeatChannel } from '../../../src/main/core/alerts/channels/heartbeat-channel';
import type { HttpReceiver } from '../../support/http-receiver';
import { startHttpReceiver } from '../../support/http-receiver';
import { alertMessage, deliveryContext } from './delivery-context';

const PATH = '/api/push/Ab12Cd34Ef?status=up&msg=OK&ping=';

describe('the heartbeat channel', () => {
  let receiver: HttpReceiver;
  beforeEach(async () => {
    receiver = await startHttpReceiver();
  });
  afterEach(() => receiver.close());

  it('GETs the push URL exactly as given, without a body', async () => {
    await heartbeatChannel.deliver(alertMessage({ type: 'heartbeat', incident: null }), { kind: 'heartbeat', url: receiver.origin + PATH }, deliveryContext());
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]).toMatchObject({ method: 'GET', path: PATH, body: '' });
  });

  it('pings for a test too', async () => {
    await heartbeatChannel.deliver(alertMessage({ type: 'test', incident: null }), { kind: 'heartbeat', url: receiver.origin + PATH }, deliveryContext());
    expect(receiver.requests.map((request) => request.method)).toEqual(['GET']);
  });

  it('is not told about incidents: it sends nothing for them', async () => {
    await heartbeatChannel.deliver(alertMessage({ type: 'down' }), { kind: 'heartbeat', url: receiver.origin + PATH }, deliveryContext());
    expect(heartbeatChannel.role).toBe('heartbeat');
    expect(receiver.requests).toEqual([]);
  });

  it('hints with the host only', () => {
    expect(heartbeatChannel.hint({ kind: 'heartbeat', url: 'https://hc-ping.com/1b4e28ba-2fa1-11d2-883f-0016d3cca427' })).toBe('hc-ping.com…');
  });
});
