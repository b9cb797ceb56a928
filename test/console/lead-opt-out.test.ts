import { describe, expect, it } from 'vitest';
import { optOutWay } from '../../src/renderer/src/logic/lead-opt-out';

describe('how a lead opted out, for the drawer', () => {
  it('reads the latest opt-out of the timeline', () => {
    expect(
      optOutWay([
        { kind: 'opted_out', detail: { how: 'button' } },
        { kind: 'opted_in', detail: { how: 'operator' } },
        { kind: 'opted_out', detail: { how: 'command' } },
        { kind: 'clicked', detail: { data: 'offer:1' } },
      ]),
    ).toBe('command');
  });

  it('is null with no opt-out on the timeline or a detail that does not fit', () => {
    expect(optOutWay([{ kind: 'started', detail: null }])).toBeNull();
    expect(optOutWay([{ kind: 'opted_out', detail: { how: 'pigeon' } }])).toBeNull();
    expect(optOutWay([{ kind: 'opted_out', detail: 'not json' }])).toBeNull();
  });
});
