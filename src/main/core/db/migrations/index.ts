import type { Migration } from '../migration';
import { migration001 } from './001_settings_and_migration_log';
import { migration002 } from './002_bots_leads_deliveries';
import { migration003 } from './003_lead_conversion_and_search';
import { migration004 } from './004_incidents_and_alerts';
import { migration005 } from './005_search_index_catch_up';
import { migration006 } from './006_lead_counts';
import { migration007 } from './007_lead_writes_without_triggers';
import { migration008 } from './008_transport_failures_requeued';
import { migration009 } from './009_never_welcomed_leads';
import { migration010 } from './010_recovery_jobs';
import { migration011 } from './011_recovery_announce';
import { migration012 } from './012_recovery_done_alerts';
import { migration013 } from './013_recovery_progress_index';
import { migration014 } from './014_lead_opt_out';
import { migration015 } from './015_campaigns';
import { migration016 } from './016_delivery_clicks';
import { migration017 } from './017_follow_ups';
import { migration018 } from './018_campaign_results_indexes';
import { migration019 } from './019_backup_alerts';
import { migration020 } from './020_products_and_payments';
import { migration021 } from './021_funnel_clicks_index';
import { migration022 } from './022_pix_gateway_failures';

/** Every migration the app knows, in order. A new migration is one new file plus one line here. */
export const migrations: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
  migration016,
  migration017,
  migration018,
  migration019,
  migration020,
  migration021,
  migration022,
];
