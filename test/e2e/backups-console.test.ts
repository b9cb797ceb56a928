import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupsPath } from '../../src/main/core/db/paths';
import { readSettings } from '../../src/main/core/operator-settings';
import { browserAvailable } from '../support/browser';
import { startConsoleE2e, type ConsoleE2e } from '../support/console-e2e';
import { fakeToken } from '../support/fake-telegram';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { tempDir } from '../support/temp-dir';

describe.runIf(browserAvailable())('backups in the console, served by the headless mode', () => {
  let e2e: ConsoleE2e;

  beforeAll(async () => {
    const token = fakeToken(563_001);
    e2e = await startConsoleE2e({ name: 'backups', bots: [{ token, id: 563_001, username: 'backup_bot', firstName: 'Backup' }] });
    // A bot in the store, so the dashboard is shown rather than the first-run path.
    await startRunningBot(e2e.core, token);
  }, 120_000);

  afterAll(() => e2e.close());

  it('shows no backup yet, then the age of the last good one, and a failed one as a warning (English)', async () => {
    const { page, errors } = await e2e.open('en-US', { viewport: { width: 1280, height: 800 }, stepTimeoutMs: 10_000 });
    const summary = page.getByRole('region', { name: 'Backups' });
    await summary.getByText(/^No scheduled backup yet; the first is due /).waitFor();

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page
      .getByRole('region', { name: 'Backups' })
      .getByText(/^Last good backup: \d+ s ago/)
      .waitFor();
    await page
      .getByText(/ · checked/)
      .first()
      .waitFor();

    // The backups folder replaced by a file: the next backup cannot be written.
    renameSync(backupsPath(e2e.dataDir), `${backupsPath(e2e.dataDir)}-aside`);
    writeFileSync(backupsPath(e2e.dataDir), 'a file where the backups folder should be');
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page
      .getByRole('region', { name: 'Backups' })
      .getByRole('alert')
      .getByText(/^The last backup failed: /)
      .waitFor();
    rmSync(backupsPath(e2e.dataDir));
    renameSync(`${backupsPath(e2e.dataDir)}-aside`, backupsPath(e2e.dataDir));

    await page.getByRole('button', { name: 'Dashboard' }).click();
    await page
      .getByRole('region', { name: 'Backups' })
      .getByText(/^The last backup failed: /)
      .waitFor();
    await page
      .getByRole('region', { name: 'Backups' })
      .getByText(/^Last good backup: /)
      .waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('saves the interval, the count and a typed second folder, and shows the engine’s refusal of a missing one (Portuguese)', async () => {
    const folder = tempDir();
    const { page, errors } = await e2e.open('pt-BR', { viewport: { width: 800, height: 700 }, stepTimeoutMs: 10_000 });
    await page.getByRole('button', { name: 'Configurações' }).click();
    const form = page.getByRole('form', { name: 'Backups agendados' });
    await form.getByLabel('Fazer backup a cada (horas)').fill('12');
    await form.getByLabel('Backups mantidos').fill('5');
    await form.getByLabel('Segunda pasta (opcional)').fill(`${folder}/nao-existe`);
    await form.getByRole('button', { name: 'Salvar ajustes de backup' }).click();
    await form
      .getByRole('alert')
      .getByText(/nao-existe/)
      .waitFor();

    await form.getByLabel('Segunda pasta (opcional)').fill(folder);
    await form.getByRole('button', { name: 'Salvar ajustes de backup' }).click();
    await form.getByText('Configurações de backup salvas.').waitFor();
    expect(readSettings(storeDbOf(e2e.core))).toMatchObject({ backupEveryHours: 12, backupsKept: 5, backupSecondFolder: folder });

    await page.getByRole('button', { name: 'Fazer backup agora' }).click();
    await page.getByRole('region', { name: 'Backups' }).getByText(`O último backup também foi copiado para ${folder}.`).waitFor();
    await page
      .getByRole('region', { name: 'Backups' })
      .getByText(/^Último backup bom: há \d+ s/)
      .waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
