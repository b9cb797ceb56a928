import { describe, expect, it } from 'vitest';
import { channelKinds } from '../../../src/shared/alerts';
import { alertChannels, channelFor } from '../../../src/main/core/alerts/channels';

describe('the alert channels', () => {
  it('have one channel per kind, under its own kind', () => {
    expect(Object.keys(alertChannels).sort()).toEqual([...channelKinds].sort());
    for (const kind of channelKinds) expect(channelFor(kind).kind).toBe(kind);
  });

  it('tell only the heartbeat apart as not told about incidents', () => {
    expect(channelKinds.filter((kind) => channelFor(kind).role === 'heartbeat')).toEqual(['heartbeat']);
  });
});
