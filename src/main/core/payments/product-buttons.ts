import type { Problem } from '../../../shared/i18n/error-text';
import { errorText as text } from '../../../shared/i18n/error-text';
import { BotdeckError } from '../errors';
import { productRails } from '../../../shared/products';
import type { Welcome } from '../../../shared/welcome';
import type { ProductRecords } from './product-records';

/**
 * What is wrong with a message's product buttons, each at its button's path (under `prefix`,
 * e.g. "message"): a product that does not exist or was removed, one sold by a bot the
 * message does not go through, a rail the product does not offer. The schema cannot see
 * these: they depend on the store.
 */
export function productButtonProblems(products: ProductRecords, botIds: readonly number[], buttons: Welcome['buttons'], prefix = ''): Problem[] {
  const problems: Problem[] = [];
  buttons.forEach((row, r) =>
    row.forEach((button, c) => {
      if (button.kind !== 'product') return;
      const at = (field: string): string => [prefix, 'buttons', r, c, field].filter((part) => part !== '').join('.');
      const label = button.text;
      const product = products.find(button.productId);
      if (product === null) {
        problems.push({ path: at('productId'), text: text('validation.product.buttonGone', { label, id: button.productId }) });
      } else if (botIds.some((botId) => botId !== product.botId)) {
        problems.push({ path: at('productId'), text: text('validation.product.buttonOtherBot', { label, name: product.name }) });
      } else if (!productRails(product).includes(button.rail)) {
        problems.push({
          path: at('rail'),
          text: text(button.rail === 'stars' ? 'validation.product.buttonNoStars' : 'validation.product.buttonNoPix', { label, name: product.name }),
        });
      }
    }),
  );
  return problems;
}

/** Refuses a message whose product buttons `productButtonProblems` finds wrong, with every problem at its button. */
export function refuseProductButtons(products: ProductRecords, botIds: readonly number[], buttons: Welcome['buttons'], prefix = ''): void {
  const problems = productButtonProblems(products, botIds, buttons, prefix);
  if (problems.length > 0) throw new BotdeckError('BAD_INPUT', text('input.invalid', { problems }));
}
