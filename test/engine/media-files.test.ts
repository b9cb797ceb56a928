import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, renameSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallName, CallResult } from '../../src/shared/calls';
import type { CallOutput, Handlers } from '../../src/shared/contract';
import { MEDIA_CHUNK_BYTES } from '../../src/shared/media';
import { defaultWelcome } from '../../src/shared/welcome';
import { createHandlers } from '../../src/main/core/api';
import type { Core } from '../../src/main/core/core';
import { databasePath } from '../../src/main/core/db/paths';
import { dispatch } from '../../src/main/core/dispatch';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { fleetOf, startEngine } from '../support/engine';
import { rejection } from '../support/rejection';
import { tempDir } from '../support/temp-dir';

let fake: FakeTelegram;
let dataDir: string;
let core: Core;
let handlers: Handlers;
let botId: number;
const TOKEN = fakeToken(444_001);

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 444_001, username: 'media_bot', firstName: 'Media' });
  dataDir = tempDir();
  core = await startEngine(dataDir, fake.apiRoot);
  handlers = createHandlers(core, 'linux');
  const fleet = fleetOf(core);
  botId = (await fleet.addBot(TOKEN)).id;
  fleet.startBot(botId);
  await vi.waitFor(() => expect(fleet.status(botId)).toMatchObject({ state: 'running' }), { timeout: 5000 });
});

afterEach(async () => {
  await core.close();
  await fake.close();
});

async function invoke<N extends CallName>(name: N, input: unknown): Promise<CallOutput<N>> {
  const result: CallResult<CallOutput<N>> = await dispatch(handlers, name, input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Uploads as the headless console does, one chunk per call. */
async function upload(fileName: string, bytes: Buffer): Promise<string> {
  const { uploadId } = await invoke('beginMediaUpload', { fileName, size: bytes.length });
  for (let offset = 0; ; offset += MEDIA_CHUNK_BYTES) {
    const chunk = bytes.subarray(offset, offset + MEDIA_CHUNK_BYTES).toString('base64');
    const answer = await invoke('uploadMediaChunk', { uploadId, offset, contentBase64: chunk });
    if (answer.fileName !== null) return answer.fileName;
  }
}

/** A welcome whose media source was stored as is, as an older Botdeck or a hand edit left it. */
function storeMediaSource(source: unknown): void {
  const welcome = { ...defaultWelcome('Media', 'en'), text: 'Oferta', media: { kind: 'document', source, fileId: null } };
  const db = new Database(databasePath(dataDir));
  try {
    db.prepare('UPDATE bots SET welcome = ? WHERE id = ?').run(JSON.stringify(welcome), botId);
  } finally {
    db.close();
  }
}

function deliveryError(leadUser: FakeUser): string | null {
  const db = core.store()?.db;
  if (db === undefined) throw new Error('no store');
  return (
    db
      .prepare<[number], { status: string; error: string | null }>('SELECT d.status, d.error FROM deliveries d JOIN leads l ON l.id = d.lead_id WHERE l.user_id = ?')
      .get(leadUser.id)?.error ?? null
  );
}

describe('welcome media from a file', () => {
  it('sends a file uploaded into the media folder, to a lead and as a test', async () => {
    const bytes = Buffer.alloc(MEDIA_CHUNK_BYTES * 2 + 1000, 0x25);
    const name = await upload('Tabela de preços.pdf', bytes);
    expect(name).toBe('Tabela de preços.pdf');
    expect(readFileSync(join(dataDir, 'media', name)).equals(bytes)).toBe(true);
    await invoke('setWelcome', { botId, welcome: { ...defaultWelcome('Media', 'en'), text: 'Oferta', media: { kind: 'document', source: { type: 'file', name }, fileId: null } } });

    const ana: FakeUser = { id: 9001, firstName: 'Ana' };
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 5000 });
    expect(fake.sent(TOKEN, ana.id)[0]).toMatchObject({ method: 'sendDocument', media: { source: 'upload', size: bytes.length } });
    await invoke('sendTestWelcome', { botId, chatId: ana.id });
    expect(fake.sent(TOKEN, ana.id)).toHaveLength(2);
  });

  it('keeps a second upload of the same name beside the first', async () => {
    expect(await upload('offer.jpg', Buffer.from('first'))).toBe('offer.jpg');
    expect(await upload('offer.jpg', Buffer.from('second'))).toBe('offer-2.jpg');
    expect(readFileSync(join(dataDir, 'media', 'offer.jpg'), 'utf8')).toBe('first');
  });

  it('refuses the key file, the database, links out of the media folder and older saved locations: test send and lead alike', async () => {
    const media = join(dataDir, 'media');
    mkdirSync(media);
    symlinkSync(join(dataDir, 'secret.key'), join(media, 'key.jpg'));
    symlinkSync(databasePath(dataDir), join(media, 'db.jpg'));
    symlinkSync(join(dataDir, 'backups'), join(media, 'backups'));
    expect(statSync(join(dataDir, 'secret.key')).isFile()).toBe(true);
    const sources: unknown[] = [
      { type: 'file', name: 'key.jpg' },
      { type: 'file', name: 'db.jpg' },
      { type: 'file', path: join(dataDir, 'secret.key') },
      { type: 'file', path: databasePath(dataDir) },
      { type: 'file', path: join(media, '..', 'secret.key') },
      { type: 'path', path: join(dataDir, 'secret.key') },
    ];
    for (const [index, source] of sources.entries()) {
      storeMediaSource(source);
      const refused = await rejection(fleetOf(core).sendTestWelcome(botId, 1));
      expect(refused.code, JSON.stringify(source)).toBe('MEDIA_FILE_REFUSED');
      expect(refused.message).toContain('again');

      const lead: FakeUser = { id: 9100 + index, firstName: 'Lead' };
      fake.sendStart(TOKEN, lead);
      await vi.waitFor(() => expect(deliveryError(lead)).toContain('again'), { timeout: 5000 });
      expect(fake.sent(TOKEN, lead.id)).toEqual([]);
    }
    expect(fake.sent(TOKEN, 1)).toEqual([]);
  });

  it('still shows a welcome saved with a file location (text and all), so the operator can choose the file again', () => {
    storeMediaSource({ type: 'file', path: '/home/op/offer.jpg' });
    expect(fleetOf(core).list()[0]?.welcome).toMatchObject({ text: 'Oferta', media: { kind: 'document', source: { type: 'path', path: '/home/op/offer.jpg' } } });
  });

  it('refuses every file when the media folder is a link (to the data folder itself)', async () => {
    symlinkSync(dataDir, join(dataDir, 'media'));
    storeMediaSource({ type: 'file', name: 'secret.key' });
    expect((await rejection(fleetOf(core).sendTestWelcome(botId, 1))).code).toBe('MEDIA_FILE_REFUSED');
  });

  it('says a file gone from the media folder is missing', async () => {
    const name = await upload('gone.jpg', Buffer.from('x'));
    renameSync(join(dataDir, 'media', name), join(dataDir, 'elsewhere.jpg'));
    storeMediaSource({ type: 'file', name });
    expect((await rejection(fleetOf(core).sendTestWelcome(botId, 1))).code).toBe('MEDIA_FILE_MISSING');
  });

  it('never saves a welcome naming a location or an escape', async () => {
    for (const name of ['../secret.key', join(dataDir, 'secret.key'), 'media/../../secret.key', '..']) {
      const result = await dispatch(handlers, 'setWelcome', {
        botId,
        welcome: { ...defaultWelcome('Media', 'en'), media: { kind: 'document', source: { type: 'file', name }, fileId: null } },
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(() => fleetOf(core).setWelcome(botId, { ...defaultWelcome('Media', 'en'), media: { kind: 'document', source: { type: 'file', name }, fileId: null } })).toThrow(
        /media file name|cannot be a media file name/,
      );
    }
    const legacy = await dispatch(handlers, 'setWelcome', {
      botId,
      welcome: { ...defaultWelcome('Media', 'en'), media: { kind: 'document', source: { type: 'path', path: join(dataDir, 'secret.key') }, fileId: null } },
    });
    expect(legacy).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(fleetOf(core).list()[0]?.welcome.media).toBeNull();
  });
});
