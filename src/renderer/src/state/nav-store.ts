import { create } from 'zustand';

export type Page = 'dashboard' | 'bots' | 'leads' | 'settings';

export const useNavStore = create<{ readonly page: Page; readonly go: (page: Page) => void }>((set) => ({
  page: 'dashboard',
  go: (page) => {
    set({ page });
  },
}));
