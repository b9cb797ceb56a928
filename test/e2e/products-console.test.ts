import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHandlers } from '../../src/main/core/api';
import type { Handlers } from '../../src/shared/contract';
import { browserAvailable } from '../support/browser';
import { startConsoleE2e, type ConsoleE2e } from '../support/console-e2e';
import { fakeToken } from '../support/fake-telegram';
import { startRunningBot } from '../support/running-bot';

const TOKEN = fakeToken(559_001);

describe.runIf(browserAvailable())('the Products page and product buttons in Chromium, served by the headless mode', () => {
  let e2e: ConsoleE2e;
  let botId: number;
  let handlers: Handlers;

  beforeAll(async () => {
    e2e = await startConsoleE2e({ name: 'products', bots: [{ token: TOKEN, id: 559_001, username: 'loja_bot', firstName: 'Loja' }] });
    botId = await startRunningBot(e2e.core, TOKEN);
    handlers = createHandlers(e2e.core, 'linux');
  }, 120_000);

  afterAll(() => e2e.close());

  it('creates a product in pt-BR past its refusals, sells it from a welcome button, and removes it', async () => {
    const { page, errors } = await e2e.open('pt-BR', { viewport: { width: 1280, height: 900 }, stepTimeoutMs: 10_000 });

    await page.getByRole('button', { name: 'Produtos' }).click();
    await page.getByText('Este bot ainda não vende nada.').waitFor();
    await page.getByRole('button', { name: 'Novo produto' }).click();
    const editor = page.getByRole('form', { name: 'Novo produto' });
    await editor.getByLabel('Nome (na fatura').fill('Guia completo');
    await editor.getByLabel('Descrição (na fatura').fill('O guia em PDF, com exemplos');
    await editor.getByLabel('Preço PIX em reais').fill('0,00');
    await editor.getByLabel('Preço em Telegram Stars').fill('10001');
    await editor.getByRole('button', { name: 'Salvar o produto' }).click();

    // Each refusal at its field, focus on the first, and nothing saved.
    await editor.getByText('nunca zero').waitFor();
    await editor.getByText('O preço em Stars deve ser um número inteiro de 1 a 10000').waitFor();
    await editor.getByText('A mensagem de entrega está vazia').waitFor();
    expect(z.string().parse(await page.evaluate('document.activeElement.id'))).toBe('product-priceCents');
    expect(await editor.getByLabel('Preço PIX em reais').getAttribute('aria-invalid')).toBe('true');
    expect(await handlers.listProducts({ botId })).toEqual([]);

    await editor.getByLabel('Preço PIX em reais').fill('49,90');
    await editor.getByLabel('Preço em Telegram Stars').fill('250');
    await editor.getByLabel('Texto (HTML do Telegram').fill('Seu guia: https://example.com/guia');
    await editor.getByText('A compra com Stars precisa do Botdeck aberto').waitFor();
    // No gateway is connected: the editor says so next to the PIX price, with the way to Settings.
    await editor.getByText(/^O PIX precisa de um gateway conectado em Configurações, e não há nenhum/).waitFor();
    expect(await editor.getByRole('button', { name: 'Conectar um em Configurações' }).count()).toBe(1);
    await editor.getByRole('button', { name: 'Salvar o produto' }).click();
    const list = page.getByRole('table', { name: 'Produtos de @loja_bot' });
    await list.getByRole('cell', { name: /R\$\s49,90 · ⭐ 250/ }).waitFor();
    await list.getByRole('cell', { name: '0 em Stars · 0 por PIX' }).waitFor();
    const [product] = await handlers.listProducts({ botId });
    expect(product).toMatchObject({ name: 'Guia completo', priceCents: 4990, priceStars: 250, delivery: { text: 'Seu guia: https://example.com/guia' } });

    // A product button in the welcome: the product and a rail it offers, shown with its price in the preview.
    await page.getByRole('button', { name: 'Bots' }).click();
    await page.getByRole('button', { name: 'Editar boas-vindas' }).click();
    const welcome = page.getByRole('form', { name: 'Mensagem de boas-vindas de @loja_bot' });
    await welcome.getByRole('button', { name: 'Adicionar botão' }).click();
    await welcome.getByLabel('Tipo de botão').selectOption('product');
    await welcome.getByLabel('Rótulo').fill('Comprar o guia');
    expect(await welcome.getByLabel('Produto vendido').inputValue()).toBe(String(product?.id));
    await welcome.getByLabel('Cobrado com').selectOption('pix');
    await welcome.getByRole('button', { name: 'Salvar boas-vindas' }).click();
    await welcome.getByText('Boas-vindas salvas').waitFor();
    await welcome
      .getByRole('figure', { name: 'Prévia como no Telegram' })
      .getByText(/Comprar o guia · R\$\s49,90/)
      .waitFor();
    const bots = await handlers.listBots(undefined);
    expect(bots[0]?.welcome.buttons).toEqual([[{ kind: 'product', text: 'Comprar o guia', productId: product?.id, rail: 'pix' }]]);

    // Removed behind a confirmation: the list is empty and the engine no longer offers it.
    await page.getByRole('button', { name: 'Produtos' }).click();
    await list.getByRole('button', { name: 'Remover' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remover o produto' }).click();
    await page.getByText('Este bot ainda não vende nada.').waitFor();
    expect(await handlers.listProducts({ botId })).toEqual([]);

    // A product saved elsewhere (another console) shows up here without a reload.
    await handlers.saveProduct({
      productId: null,
      product: {
        botId,
        name: 'Curso',
        description: 'Aulas gravadas',
        priceCents: null,
        priceStars: 900,
        delivery: { text: 'Acesso: https://example.com/c', media: null, buttons: [] },
      },
    });
    await list.getByRole('cell', { name: '⭐ 900' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
