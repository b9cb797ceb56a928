import { addChannelSchema, alertLogQuerySchema, incidentQuerySchema } from '../../../shared/alerts';
import type { Handlers } from '../../../shared/contract';
import type { AlertService } from '../alerts/alert-service';
import type { IncidentRecords } from '../alerts/incident-records';
import type { Core } from '../core';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';

type AlertHandlers = Pick<
  Handlers,
  'listAlertChannels' | 'addAlertChannel' | 'updateAlertChannel' | 'removeAlertChannel' | 'testAlertChannel' | 'listIncidents' | 'getIncident' | 'listAlertLog'
>;

function alertsOf(core: Core): AlertService {
  const alerts = core.alerts();
  if (alerts === null) throw new BotdeckError('BOTS_BLOCKED', text('bots.blockedAlerts', { cause: core.botsMayRun()?.text ?? text('bots.closed', {}) }));
  return alerts;
}

function incidentsOf(core: Core): IncidentRecords {
  const incidents = core.incidents();
  if (incidents === null) throw new BotdeckError('BOTS_BLOCKED', text('bots.blockedIncidents', { cause: core.botsMayRun()?.text ?? text('bots.closed', {}) }));
  return incidents;
}

export function alertHandlers(core: Core): AlertHandlers {
  return {
    listAlertChannels: () => alertsOf(core).listChannels(),
    // Parsed again for the defaults: handlers are typed with the schemas' input types.
    addAlertChannel: (input) => alertsOf(core).addChannel(addChannelSchema.parse(input)),
    updateAlertChannel: (input) => alertsOf(core).updateChannel(input),
    removeAlertChannel: ({ channelId }) => {
      alertsOf(core).removeChannel(channelId);
      return { removed: true };
    },
    testAlertChannel: ({ channelId }) => alertsOf(core).test(channelId),
    listIncidents: (query) => incidentsOf(core).list(incidentQuerySchema.parse(query)),
    getIncident: ({ incidentId }) => {
      const detail = incidentsOf(core).detail(incidentId);
      if (detail === null) throw new BotdeckError('INCIDENT_NOT_FOUND', text('incident.notFound', { id: incidentId }));
      return detail;
    },
    listAlertLog: (query) => alertsOf(core).history(alertLogQuerySchema.parse(query)),
  };
}
