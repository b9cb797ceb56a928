import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listenPlan } from '../../src/main/headless/listen-plan';
import { tempDir } from '../support/temp-dir';

const root = join(__dirname, '../..');

describe('where the headless server may listen', () => {
  it('listens on loopback with nothing more, over TLS if asked', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) expect(listenPlan({ host, insecureNoTls: false })).toEqual({ ok: true, host, tls: null });
    expect(listenPlan({ host: '127.0.0.1', tlsCert: 'c.pem', tlsKey: 'k.pem', insecureNoTls: false })).toEqual({
      ok: true,
      host: '127.0.0.1',
      tls: { certFile: 'c.pem', keyFile: 'k.pem' },
    });
  });

  it('refuses any other address without a certificate or the explicit insecure flag', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'botdeck.example.com', '10.0.0.1']) {
      const plan = listenPlan({ host, insecureNoTls: false });
      expect(plan.ok, host).toBe(false);
      expect(!plan.ok && plan.message).toContain('--tls-cert FILE --tls-key FILE');
    }
    expect(listenPlan({ host: '0.0.0.0', tlsCert: 'c.pem', tlsKey: 'k.pem', insecureNoTls: false })).toMatchObject({ ok: true, tls: { certFile: 'c.pem' } });
    expect(listenPlan({ host: '0.0.0.0', insecureNoTls: true })).toEqual({ ok: true, host: '0.0.0.0', tls: null });
  });

  it('refuses half a TLS configuration and a contradiction', () => {
    const half = listenPlan({ host: '127.0.0.1', tlsCert: 'c.pem', insecureNoTls: false });
    expect(!half.ok && half.message).toContain('both');
    expect(listenPlan({ host: '0.0.0.0', tlsKey: 'k.pem', insecureNoTls: false })).toMatchObject({ ok: false });
    const both = listenPlan({ host: '0.0.0.0', tlsCert: 'c.pem', tlsKey: 'k.pem', insecureNoTls: true });
    expect(!both.ok && both.message).toContain('contradicts');
  });

  it('npm run serve stops before opening anything when --host is not loopback and no TLS is given', () => {
    // 192.0.2.1 is reserved for documentation: nothing here could listen on it anyway.
    const dataDir = join(tempDir(), 'data');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/main/headless/index.ts'), '--data-dir', dataDir, '--host', '192.0.2.1'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--host 192.0.2.1 would expose the console beyond this machine without encryption');
    expect(run.stdout).toBe('');
    // Refused before the store was opened.
    expect(existsSync(dataDir)).toBe(false);
  });
});
