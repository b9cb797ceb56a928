import { create } from 'zustand';
import type { OperatorChat } from '../../../shared/operator-chat';
import { call } from '../transport/client';

interface OperatorChatState {
  /** The operator's own chat, as the engine last learned it (null before). */
  readonly chat: OperatorChat | null;
  readonly load: () => Promise<void>;
  /** Pushed by the engine when the operator's /start with the code arrives. */
  readonly apply: (chat: OperatorChat) => void;
}

export const useOperatorChatStore = create<OperatorChatState>((set) => ({
  chat: null,
  load: async () => {
    set({ chat: await call('getOperatorChat') });
  },
  apply: (chat) => {
    set({ chat });
  },
}));
