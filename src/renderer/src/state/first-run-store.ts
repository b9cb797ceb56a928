import { create } from 'zustand';

export type FirstRunStep = 'token' | 'welcome' | 'start' | 'chat' | 'alerts';

/** Kept in the browser: a skipped path stays skipped across reloads until the operator resumes it. */
const SKIPPED_KEY = 'botdeck.firstRun.skipped';

function storedSkipped(): boolean {
  try {
    return window.localStorage.getItem(SKIPPED_KEY) === 'yes';
  } catch {
    return false;
  }
}

function storeSkipped(skipped: boolean): void {
  try {
    if (skipped) window.localStorage.setItem(SKIPPED_KEY, 'yes');
    else window.localStorage.removeItem(SKIPPED_KEY);
  } catch {
    // A browser that refuses storage only forgets the skip at the next reload.
  }
}

interface FirstRunState {
  /** The path is on screen (shown on its own while there are no bots, or resumed). */
  readonly active: boolean;
  readonly skipped: boolean;
  readonly step: FirstRunStep;
  /** The bot the path set up. */
  readonly botId: number | null;
  /**
   * The token pasted in the first step, kept in memory only, so Telegram alerts can go through
   * the same bot without pasting it again; it is gone after a reload (then it is asked again).
   */
  readonly token: string | null;
  readonly open: (step: FirstRunStep, botId: number | null) => void;
  readonly go: (step: FirstRunStep) => void;
  readonly added: (botId: number, token: string) => void;
  readonly skip: () => void;
  readonly finish: () => void;
}

export const useFirstRunStore = create<FirstRunState>((set) => ({
  active: false,
  skipped: storedSkipped(),
  step: 'token',
  botId: null,
  token: null,
  open: (step, botId) => {
    storeSkipped(false);
    set({ active: true, skipped: false, step, botId });
  },
  go: (step) => {
    set({ step });
  },
  added: (botId, token) => {
    set({ botId, token, step: 'welcome' });
  },
  skip: () => {
    storeSkipped(true);
    set({ active: false, skipped: true, token: null });
  },
  finish: () => {
    set({ active: false, token: null, step: 'token', botId: null });
  },
}));
