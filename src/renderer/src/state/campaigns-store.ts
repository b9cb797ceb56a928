import { create } from 'zustand';
import type { Campaign, CampaignProgress } from '../../../shared/campaigns';
import { applyCampaignProgress } from '../logic/campaign-logic';
import { call, errorText } from '../transport/client';
import { currentLocale } from '../i18n/i18n';

interface CampaignsState {
  /** The newest campaigns first (the engine lists the last 200); null until loaded. */
  readonly campaigns: readonly Campaign[] | null;
  readonly error: string | null;
  readonly load: () => Promise<void>;
  /** A pushed 'campaign.progress': patched in place; a campaign created elsewhere, or one whose status moved, reloads the list. */
  readonly applyProgress: (progress: CampaignProgress) => void;
  /** A campaign the console just changed (created, started, scheduled, paused, resumed, cancelled), as the engine answered. */
  readonly put: (campaign: Campaign) => void;
}

export const useCampaignsStore = create<CampaignsState>((set, get) => ({
  campaigns: null,
  error: null,
  load: async () => {
    try {
      set({ campaigns: await call('listCampaigns'), error: null });
    } catch (failure) {
      set({ error: errorText(failure, currentLocale()) });
    }
  },
  applyProgress: (progress) => {
    const { campaigns } = get();
    if (campaigns === null) return;
    const next = applyCampaignProgress(campaigns, progress);
    set({ campaigns: next.campaigns });
    if (next.reload) void get().load();
  },
  put: (campaign) => {
    const campaigns = get().campaigns ?? [];
    set({
      campaigns: campaigns.some((row) => row.id === campaign.id)
        ? campaigns.map((row) => (row.id === campaign.id ? campaign : row))
        : [campaign, ...campaigns].sort((a, b) => b.id - a.id),
    });
  },
}));
