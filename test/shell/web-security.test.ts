import type { Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy } from '../../src/main/content-security-policy';
import { guardWebContents, hardenSession } from '../../src/main/web-security';
import { FakeWebContents, fakeSession, sessionState, shell } from '../support/fake-electron';

vi.mock('electron', () => import('../support/fake-electron'));

function navigate(contents: FakeWebContents, url: string): boolean {
  const event = { preventDefault: vi.fn() };
  contents.emit('will-navigate', event, url);
  return event.preventDefault.mock.calls.length === 0;
}

beforeEach(() => {
  shell.openExternal.mockClear();
});

describe('window contents', () => {
  it('blocks navigation away from the app and opens web links in the system browser', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as unknown as WebContents, 'http://localhost:5173/');
    expect(navigate(contents, 'http://localhost:5173/leads')).toBe(true);
    expect(navigate(contents, 'https://evil.example/phish')).toBe(false);
    expect(shell.openExternal).toHaveBeenCalledWith('https://evil.example/phish');
    expect(navigate(contents, 'file:///etc/passwd')).toBe(false);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('blocks every navigation of the built app loaded from a file', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as unknown as WebContents, 'file:///app/out/renderer/index.html');
    expect(navigate(contents, 'file:///app/out/renderer/other.html')).toBe(false);
  });

  it('denies new windows, sending only http(s) links outside', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as unknown as WebContents, 'http://localhost:5173/');
    const open = contents.windowOpenHandler;
    expect(open).not.toBeNull();
    expect(open?.({ url: 'https://t.me/botdeck' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'smb://share/x' })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([['https://t.me/botdeck']]);
  });

  it('refuses <webview>', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as unknown as WebContents, 'http://localhost:5173/');
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('the session', () => {
  it('adds the CSP to every response and refuses every permission', () => {
    hardenSession(fakeSession() as unknown as Session, 'default-src none');
    let headers: Record<string, string[]> = {};
    sessionState.headersListener?.({ responseHeaders: { 'X-Other': ['1'] } }, (response) => (headers = response.responseHeaders));
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': ['default-src none'] });
    let granted: boolean | null = null;
    sessionState.permissionHandler?.({}, 'media', (answer) => (granted = answer));
    expect(granted).toBe(false);
  });
});

describe('the content security policy', () => {
  it('allows only the app itself in production', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('leaves out frame-ancestors, which a meta tag cannot carry, only from the meta form', () => {
    expect(contentSecurityPolicy()).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy(undefined, 'meta')).not.toContain('frame-ancestors');
  });

  it('adds the dev server and its HMR socket only in development', () => {
    const csp = contentSecurityPolicy('http://localhost:5173/');
    expect(csp).toContain("script-src 'self' http://localhost:5173");
    expect(csp).toContain('ws://localhost:5173');
  });
});
