import { Fragment, type ReactElement, type ReactNode } from 'react';
import type { Product } from '../../../shared/products';
import type { Welcome } from '../../../shared/welcome';
import { checkMessageText } from '../../../shared/telegram-html';
import { useI18n } from '../i18n/i18n';
import { starsLabel } from '../logic/product-logic';

type Button = Welcome['buttons'][number][number];

/** Turns Telegram HTML (already checked) into React elements; nothing is injected as raw HTML. */
function render(node: ChildNode, key: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (!(node instanceof Element)) return null;
  const children = Array.from(node.childNodes).map((child, index) => render(child, index));
  switch (node.tagName.toLowerCase()) {
    case 'b':
    case 'strong':
      return <strong key={key}>{children}</strong>;
    case 'i':
    case 'em':
      return <em key={key}>{children}</em>;
    case 'u':
    case 'ins':
      return <u key={key}>{children}</u>;
    case 's':
    case 'strike':
    case 'del':
      return <s key={key}>{children}</s>;
    case 'code':
      return <code key={key}>{children}</code>;
    case 'pre':
      return <pre key={key}>{children}</pre>;
    case 'blockquote':
      return <blockquote key={key}>{children}</blockquote>;
    case 'a':
      // Shown as a link would look in Telegram, but not followed from the preview.
      return (
        <span key={key} className="tg-link" title={node.getAttribute('href') ?? ''}>
          {children}
        </span>
      );
    case 'tg-spoiler':
    case 'span':
      return (
        <span key={key} className="tg-spoiler">
          {children}
        </span>
      );
    default:
      return <Fragment key={key}>{children}</Fragment>;
  }
}

/** What a button shows besides its label: ↗ for a link, the price a product button charges. */
function useButtonSuffix(products: readonly Product[]): (button: Button) => string {
  const { money, number } = useI18n();
  return (button) => {
    if (button.kind === 'url') return ' ↗';
    if (button.kind !== 'product') return '';
    const product = products.find((found) => found.id === button.productId);
    const price = button.rail === 'stars' ? product?.priceStars : product?.priceCents;
    if (price === undefined || price === null) return '';
    return ` · ${button.rail === 'stars' ? starsLabel(price, number) : money(price, 'BRL')}`;
  };
}

/** How the welcome will look in a Telegram chat: media box, formatted text, buttons (a product button with its price). */
export function TelegramPreview({
  welcome,
  label,
  products = [],
}: {
  welcome: Pick<Welcome, 'text' | 'media' | 'buttons'>;
  label: string;
  products?: readonly Product[];
}): ReactElement {
  const suffix = useButtonSuffix(products);
  const checked = checkMessageText(welcome.text, welcome.media !== null);
  const body = checked.ok
    ? Array.from(new DOMParser().parseFromString(`<body>${welcome.text}</body>`, 'text/html').body.childNodes).map((node, index) => render(node, index))
    : welcome.text;
  return (
    <figure className="tg-preview" aria-label={label}>
      <div className="tg-bubble">
        {welcome.media !== null && <div className="tg-media">{welcome.media.kind}</div>}
        <div className="tg-text">{body}</div>
      </div>
      {welcome.buttons.map((row, rowIndex) => (
        <div className="tg-buttons" key={rowIndex}>
          {row.map((button, index) => (
            <span className="tg-button" key={index}>
              {button.text}
              {suffix(button)}
            </span>
          ))}
        </div>
      ))}
    </figure>
  );
}
