import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hostInUrl, isLoopbackHost, requestRefusal, serverNames } from '../../src/main/headless/server-names';

const allowed = (names: ReturnType<typeof serverNames>, host: string | undefined, origin?: string): boolean => requestRefusal(names, host, origin) === null;

describe('the names that reach this server', () => {
  it('knows loopback in all its spellings', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LocalHost']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'localhost.evil.example', '128.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
    expect(hostInUrl('::1')).toBe('[::1]');
    expect(hostInUrl('Example.COM')).toBe('example.com');
  });

  it('on loopback accepts localhost, 127.0.0.1 and [::1] on its own port only', () => {
    const names = serverNames({ host: '127.0.0.1', port: 8420 });
    for (const host of ['127.0.0.1:8420', 'localhost:8420', '[::1]:8420']) expect(allowed(names, host), host).toBe(true);
    for (const host of ['127.0.0.1:8421', 'localhost', '127.0.0.1:8420:1', 'evil.example:8420', '', undefined]) expect(allowed(names, host), String(host)).toBe(false);
  });

  it('on one other address accepts that address only', () => {
    const names = serverNames({ host: '192.168.1.20', port: 8420 });
    expect(allowed(names, '192.168.1.20:8420', 'http://192.168.1.20:8420')).toBe(true);
    expect(allowed(names, 'localhost:8420')).toBe(false);
    expect(allowed(names, '192.168.1.20:8420', 'http://localhost:8420')).toBe(false);
  });

  it('on every interface accepts this machine’s own addresses and loopback', () => {
    const names = serverNames({ host: '0.0.0.0', port: 8420 });
    const ipv4 = Object.values(networkInterfaces())
      .flatMap((entries) => entries ?? [])
      .filter((entry) => entry.family === 'IPv4')
      .map((entry) => entry.address);
    for (const address of ipv4) expect(allowed(names, `${address}:8420`), address).toBe(true);
    expect(allowed(names, 'localhost:8420')).toBe(true);
    expect(allowed(names, 'evil.example:8420')).toBe(false);
  });

  it('compares the whole origin, not a prefix of it', () => {
    const names = serverNames({ host: '127.0.0.1', port: 8420 });
    expect(allowed(names, '127.0.0.1:8420', 'http://127.0.0.1:8420')).toBe(true);
    for (const origin of [
      'http://127.0.0.1:8420.evil.example',
      'http://127.0.0.1:84200',
      'http://user@127.0.0.1:8420',
      'HTTP://127.0.0.1:8420',
      'http://127.0.0.1',
      'ws://127.0.0.1:8420',
      '',
    ]) {
      expect(allowed(names, '127.0.0.1:8420', origin), origin).toBe(false);
    }
  });
});
