import { shell, type Session, type WebContents } from 'electron';

/** Opens http(s) links in the system browser; everything else is dropped. */
export function openExternally(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol === 'https:' || parsed.protocol === 'http:') void shell.openExternal(parsed.toString());
}

/**
 * Locks down a window's contents: no navigation away from the app, no new windows (links
 * go to the system browser), no <webview>.
 */
export function guardWebContents(contents: WebContents, appUrl: string): void {
  const appOrigin = new URL(appUrl).origin;
  contents.on('will-navigate', (event, url) => {
    const sameApp = new URL(url).origin === appOrigin && appOrigin !== 'null';
    if (!sameApp) {
      event.preventDefault();
      openExternally(url);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (new URL(url).origin !== appOrigin) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

/** Sends the CSP with every response and refuses every permission request (camera, geolocation...). */
export function hardenSession(target: Session, csp: string): void {
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  target.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
}
