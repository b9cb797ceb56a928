import type { Handlers } from '../../../shared/contract';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { Core } from '../core';
import { BotdeckError } from '../errors';
import type { PixGatewaySettings } from '../payments/pix-gateway-settings';

type PixGatewayHandlers = Pick<Handlers, 'getPixGateway' | 'setPixGateway' | 'removePixGateway' | 'testPixGateway'>;

/** The gateway's settings live with the engine (it seals with the engine's secret store). */
function settingsOf(core: Core): PixGatewaySettings {
  const fleet = core.fleet();
  if (fleet !== null) return fleet.pixGateway;
  throw new BotdeckError('BOTS_BLOCKED', core.botsMayRun()?.text ?? text('bots.cannotRun', {}));
}

export function pixGatewayHandlers(core: Core): PixGatewayHandlers {
  return {
    getPixGateway: () => core.fleet()?.pixGateway.get() ?? null,
    // Every open console shows the gateway (Settings, the dashboard's warning): tell them all.
    setPixGateway: async (input) => {
      const saved = await settingsOf(core).set(input);
      core.events.emit('pixGateway.changed', { connected: true });
      return saved;
    },
    removePixGateway: () => {
      const outcome = settingsOf(core).remove();
      if (outcome.removed) core.events.emit('pixGateway.changed', { connected: false });
      return outcome;
    },
    testPixGateway: (input) => settingsOf(core).test(input),
  };
}
