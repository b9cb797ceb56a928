import { silentLogger } from './core/logger';
import { catchProcessFaults } from './core/process-faults';
import { startDesktopApp } from './desktop';

// Installed first, so no stray error ends the app and its bots; desktop.ts adds the log once it is open.
catchProcessFaults(silentLogger);
startDesktopApp();
