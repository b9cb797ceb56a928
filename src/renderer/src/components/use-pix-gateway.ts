import { useEffect, useState } from 'react';
import type { PixGatewayView } from '../../../shared/pix-gateway';
import { call } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';

/**
 * The connected PIX gateway (null when none, or before it is known) and when it was read,
 * read again whenever the engine says it changed: connected, removed, failed, or answered
 * well after a failure.
 */
export function usePixGateway(): { readonly gateway: PixGatewayView | null; readonly loaded: boolean; readonly readAt: number } {
  const [state, setState] = useState<{ gateway: PixGatewayView | null; loaded: boolean; readAt: number }>({ gateway: null, loaded: false, readAt: 0 });
  useEffect(() => {
    const load = (): void => {
      void call('getPixGateway').then(
        (gateway) => setState({ gateway, loaded: true, readAt: Date.now() }),
        () => setState({ gateway: null, loaded: false, readAt: Date.now() }),
      );
    };
    load();
    return refreshOnEngineEvents(['pixGateway.changed'], 200, load);
  }, []);
  return state;
}
