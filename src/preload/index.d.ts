import type { BridgeApi } from '../shared/contract';

declare global {
  interface Window {
    readonly botdeck?: BridgeApi;
  }
}

export {};
