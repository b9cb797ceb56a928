import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AlertLogEntry, Incident } from '../../src/shared/alerts';
import type { BotStatus } from '../../src/shared/bot-status';
import type { CallResult } from '../../src/shared/calls';
import type { BridgeApi, CallInput, CallOutput, Handlers } from '../../src/shared/contract';
import { errorInfoOf, type ErrorCode } from '../../src/shared/errors';
import { errorText } from '../../src/shared/i18n/error-text';
import type { PushedEvent, PushedEventPayloads } from '../../src/shared/events';
import type { LeadDetail } from '../../src/shared/leads';
import { EventBus, type EngineEvents } from '../../src/main/core/events';
import type { Call, Transport } from '../../src/renderer/src/transport/transport';

// These assertions are checked by the compiler (`npm run typecheck` covers test/): a type
// that drifts fails the typecheck, and each `@ts-expect-error` fails it once the line compiles.

describe('the contract, typed', () => {
  it('narrows a pushed event to its payload by its name', () => {
    expectTypeOf<Extract<PushedEvent, { event: 'bot.status' }>['payload']>().toEqualTypeOf<BotStatus>();
    expectTypeOf<Extract<PushedEvent, { event: 'incident.updated' }>['payload']>().toEqualTypeOf<Incident>();
    expectTypeOf<PushedEvent<'alert.logged'>>().toEqualTypeOf<{ readonly event: 'alert.logged'; readonly payload: AlertLogEntry }>();
    expectTypeOf<EngineEvents>().toEqualTypeOf<PushedEventPayloads>();
    // @ts-expect-error a payload of another event
    const wrong: PushedEvent = { event: 'bot.removed', payload: { botId: 1, leadId: 2, source: null } };
    expect(wrong.event).toBe('bot.removed');
  });

  it('lets the engine emit only the payload of the event it names', () => {
    const bus = new EventBus();
    const seen: number[] = [];
    bus.on('lead.updated', (payload) => seen.push(payload.leadId));
    bus.emit('lead.updated', { botId: 1, leadId: 2 });
    // @ts-expect-error lead.updated carries a leadId
    bus.emit('lead.updated', { botId: 1 });
    expect(seen).toEqual([2, undefined]);
  });

  it("types the console's call by name, for its input and its output", async () => {
    const refusing: Call = (name, ...input) => Promise.reject(new Error(`${name} ${JSON.stringify(input)}: not connected`));
    await expect(refusing('getLead', { leadId: 1 })).rejects.toThrow('getLead');
    await expect(refusing('getAppInfo')).rejects.toThrow('getAppInfo');
    // @ts-expect-error a lead id is a number
    await expect(refusing('getLead', { leadId: '1' })).rejects.toThrow('getLead');
    // @ts-expect-error getLead needs its input
    await expect(refusing('getLead')).rejects.toThrow('getLead');
    // @ts-expect-error getAppInfo takes none
    await expect(refusing('getAppInfo', { leadId: 1 })).rejects.toThrow('getAppInfo');
    // @ts-expect-error no such call
    await expect(refusing('dropDatabase')).rejects.toThrow('dropDatabase');
    expectTypeOf(refusing<'getLead'>).returns.toEqualTypeOf<Promise<LeadDetail>>();

    const transport: Transport = {
      call: (name, ...input) => Promise.resolve({ ok: false, error: errorInfoOf('INTERNAL', errorText('internal.unexpected', { detail: `${name} ${JSON.stringify(input)}` })) }),
      onEvent: () => () => undefined,
    };
    expectTypeOf(transport.call<'listBots'>).returns.toEqualTypeOf<Promise<CallResult<CallOutput<'listBots'>>>>();
    await expect(transport.call('listBots')).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'Unexpected error: listBots []' } });
    expectTypeOf<BridgeApi['getLead']>().returns.toEqualTypeOf<Promise<CallResult<LeadDetail>>>();
  });

  it('hands each handler its input as parsed, defaults filled in, while the console may leave them out', () => {
    expectTypeOf<Parameters<Handlers['listIncidents']>[0]['limit']>().toEqualTypeOf<number>();
    expectTypeOf<CallInput<'listIncidents'>['limit']>().toEqualTypeOf<number | undefined>();
  });

  it('carries error codes as ErrorCode', () => {
    expectTypeOf<Extract<CallResult<unknown>, { ok: false }>['error']['code']>().toEqualTypeOf<ErrorCode>();
    // @ts-expect-error a code the contract does not name
    const unknownCode: CallResult<never> = { ok: false, error: { code: 'OOPS', message: 'x' } };
    expect(unknownCode.ok).toBe(false);
  });
});
