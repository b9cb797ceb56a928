import { Menu, Tray } from 'electron';
import type { BotReason, BotState, BotStatus } from '../shared/bot-status';
import type { EventBus } from './core/events';
import { trayIconPath, type TrayColour } from './tray-icons';

const stateWords: Record<BotState, string> = { running: 'Running', degraded: 'Degraded', down: 'Down', stopped: 'Stopped' };

/** The console's reason sentences, in English: the tray has no access to its translations. */
const reasonWords: Record<BotReason, string> = {
  ok: 'All good',
  stopped_by_operator: 'Stopped by you',
  starting: 'Connecting to Telegram',
  token_revoked: 'Telegram rejected the token (revoked?)',
  token_unreadable: 'The stored token cannot be decrypted',
  conflict: 'Another program is polling this bot',
  network: 'Telegram cannot be reached',
  telegram_error: 'Telegram answers with errors',
  flood_wait: 'Telegram asked to slow down',
  send_failures: 'Several sends failed in a row',
  welcome_backlog: 'Welcomes are waiting too long',
  database: 'The database refused a write',
  store_blocked: 'The database is not usable',
};

/**
 * Red when any bot is down (a stopped bot is the operator's choice, so only a bot meant to
 * run can be down), amber when any is degraded, green otherwise, including no bots at all.
 */
export function worstState(statuses: readonly Pick<BotStatus, 'state'>[]): TrayColour {
  if (statuses.some((status) => status.state === 'down')) return 'red';
  if (statuses.some((status) => status.state === 'degraded')) return 'amber';
  return 'green';
}

/** "Botdeck — 2 running, 1 down": the counts, worst news not hidden behind a hover limit. */
export function trayToolTip(statuses: readonly Pick<BotStatus, 'state'>[]): string {
  if (statuses.length === 0) return 'Botdeck — no bots';
  const counts = (['running', 'degraded', 'down', 'stopped'] as const)
    .map((state) => ({ state, count: statuses.filter((status) => status.state === state).length }))
    .filter(({ count }) => count > 0)
    .map(({ state, count }) => `${count} ${state}`);
  return `Botdeck — ${counts.join(', ')}`;
}

/** "@shop_bot — Down (Telegram cannot be reached)"; the reason only when it says something. */
export function botMenuLabel(status: Pick<BotStatus, 'username' | 'state' | 'reason'>): string {
  const quiet = status.reason === 'ok' || status.reason === 'stopped_by_operator';
  const reason = quiet ? '' : ` (${reasonWords[status.reason]})`;
  return `@${status.username} — ${stateWords[status.state]}${reason}`;
}

export interface FleetTrayOptions {
  readonly events: EventBus;
  /** The bots' statuses when the tray opens; `bot.status` events keep them current. */
  readonly statuses: readonly BotStatus[];
  readonly resourcesDir: string;
  /** Windows opens an app from a click on its icon; elsewhere a click shows the menu. */
  readonly openOnClick: boolean;
  open(): void;
  quit(): void;
}

/** The tray icon: the fleet's worst state at a glance, each bot in its menu. */
export class FleetTray {
  private readonly tray: Tray;
  private readonly bots = new Map<number, BotStatus>();
  private readonly unsubscribe: () => void;
  private icon: TrayColour;
  private toolTip: string | null = null;
  private menuLabels: string | null = null;

  constructor(private readonly options: FleetTrayOptions) {
    for (const status of options.statuses) this.bots.set(status.botId, status);
    this.icon = worstState(options.statuses);
    this.tray = new Tray(trayIconPath(this.icon, options.resourcesDir));
    if (options.openOnClick) this.tray.on('click', () => options.open());
    this.render();
    const stops = [
      options.events.on('bot.status', (status) => {
        this.bots.set(status.botId, status);
        this.render();
      }),
      options.events.on('bot.removed', ({ botId }) => {
        this.bots.delete(botId);
        this.render();
      }),
    ];
    this.unsubscribe = () => {
      for (const stop of stops) stop();
    };
  }

  /** The statuses the tray shows, by username. */
  statuses(): BotStatus[] {
    return [...this.bots.values()].sort((a, b) => a.username.localeCompare(b.username));
  }

  destroy(): void {
    this.unsubscribe();
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  /** Status events arrive for every counter change: touch the OS only for what it shows. */
  private render(): void {
    const statuses = this.statuses();
    const icon = worstState(statuses);
    if (icon !== this.icon) {
      this.icon = icon;
      this.tray.setImage(trayIconPath(icon, this.options.resourcesDir));
    }
    const toolTip = trayToolTip(statuses);
    if (toolTip !== this.toolTip) {
      this.toolTip = toolTip;
      this.tray.setToolTip(toolTip);
    }
    const labels = statuses.map(botMenuLabel);
    if (labels.join('\n') !== this.menuLabels) {
      this.menuLabels = labels.join('\n');
      this.tray.setContextMenu(Menu.buildFromTemplate(this.menuTemplate(labels)));
    }
  }

  private menuTemplate(labels: readonly string[]): Electron.MenuItemConstructorOptions[] {
    return [
      // Information, not actions: the console is where a bot is started or fixed.
      ...labels.map((label) => ({ label, enabled: false })),
      ...(labels.length > 0 ? [{ type: 'separator' as const }] : []),
      { label: 'Open Botdeck', click: () => this.options.open() },
      { label: 'Quit Botdeck', click: () => this.options.quit() },
    ];
  }
}
