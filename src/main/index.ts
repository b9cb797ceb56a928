import { startDesktopApp } from './desktop';

startDesktopApp();
