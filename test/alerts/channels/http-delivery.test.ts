import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clip, send } from '../../../src/main/core/alerts/channels/http-delivery';
import type { HttpReceiver } from '../../support/http-receiver';
import { startHttpReceiver } from '../../support/http-receiver';
import { deliveryContext, deliveryFailure } from './delivery-context';

describe('sending over HTTP', () => {
  let receiver: HttpReceiver;
  beforeEach(async () => {
    receiver = await startHttpReceiver();
  });
  afterEach(() => receiver.close());

  it('sends JSON with its content type, and no body for a GET', async () => {
    await send({ url: `${receiver.origin}/a`, method: 'POST', json: { n: 1 } }, deliveryContext(), 'Test');
    await send({ url: `${receiver.origin}/b?x=1`, method: 'GET' }, deliveryContext(), 'Test');
    expect(receiver.requests.map(({ method, path, json }) => ({ method, path, json }))).toEqual([
      { method: 'POST', path: '/a', json: { n: 1 } },
      { method: 'GET', path: '/b?x=1', json: undefined },
    ]);
    expect(receiver.requests[0]?.headers['content-type']).toBe('application/json');
    expect(receiver.requests[1]?.headers['content-type']).toBeUndefined();
  });

  it.each([
    [408, true],
    [429, true],
    [503, true],
    [401, false],
    [405, false],
    [410, false],
  ])('treats a %i as retryable: %s', async (status, retryable) => {
    receiver.answer(status);
    const error = await deliveryFailure(send({ url: `${receiver.origin}/x`, method: 'POST', json: {} }, deliveryContext(), 'Test'));
    expect(error.retryable).toBe(retryable);
    expect(error.message).toMatch(new RegExp(`^Test answered ${status} `));
  });

  it('quotes at most 300 characters of what the receiver said, and none of an HTML page', async () => {
    receiver.answer(400, 'z'.repeat(5000));
    const long = await deliveryFailure(send({ url: `${receiver.origin}/x`, method: 'GET' }, deliveryContext(), 'Test'));
    expect(long.message.length).toBeLessThan(450);
    receiver.answer(502, '<html><body>Bad gateway</body></html>');
    const html = await deliveryFailure(send({ url: `${receiver.origin}/x`, method: 'GET' }, deliveryContext(), 'Test'));
    expect(html.message).toBe('Test answered 502 Bad Gateway. The trouble is on its side; a later try may pass.');
  });

  it('does not wait for the body of a 2xx', async () => {
    receiver.stallBody(200);
    await send({ url: `${receiver.origin}/x`, method: 'GET' }, deliveryContext({ signal: AbortSignal.timeout(1000) }), 'Test');
  });

  it('gives up on a body that stalls when it has to read it', async () => {
    receiver.stallBody(500);
    const error = await deliveryFailure(send({ url: `${receiver.origin}/x`, method: 'GET' }, deliveryContext({ signal: AbortSignal.timeout(300) }), 'Test'));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^Timed out: Test did not answer within/);
  });

  it('says it was cancelled when the signal is not a timeout', async () => {
    receiver.hang();
    const controller = new AbortController();
    const delivery = send({ url: `${receiver.origin}/x`, method: 'GET' }, deliveryContext({ signal: controller.signal }), 'Test');
    await receiver.nextRequest();
    controller.abort();
    const error = await deliveryFailure(delivery);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^Sending to Test was cancelled after/);
  });

  it('hides credentials and secret-looking query values', async () => {
    receiver.answer(400, 'bad key k3y-0123456789 for user alice-secret');
    const url = `http://alice-secret:pa55word@${receiver.origin.slice('http://'.length)}/p?key=k3y-0123456789`;
    const error = await deliveryFailure(send({ url, method: 'GET' }, deliveryContext(), 'Test'));
    expect(error.message).not.toContain('k3y-0123456789');
    expect(error.message).not.toContain('alice-secret');
  });
});

describe('clipping text', () => {
  it('leaves short text alone and ends long text with an ellipsis', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcdef', 4)).toBe('abc…');
  });

  it('never splits an emoji in half', () => {
    const clipped = clip('ab😀cd', 4);
    expect(clipped).toBe('ab…');
  });
});
