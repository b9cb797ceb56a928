import { useEffect, useEffectEvent, useId, useRef, type ReactElement, type ReactNode } from 'react';

/**
 * A question asked in place ("Remove @shop_bot?"): an alert dialog that takes focus when it
 * opens, closes on Escape wherever focus is, and gives focus back to what opened it.
 * `children` are its answers (buttons); `inline` keeps it in a line of text.
 */
export function ConfirmDialog({
  label,
  message,
  messageClassName,
  inline = false,
  onCancel,
  children,
}: {
  label: string;
  message: ReactNode;
  messageClassName?: string;
  inline?: boolean;
  onCancel: () => void;
  children: ReactNode;
}): ReactElement {
  const box = useRef<HTMLElement>(null);
  const messageId = useId();
  const keep = (element: HTMLElement | null): void => {
    box.current = element;
  };
  const cancel = useEffectEvent(onCancel);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    box.current?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      cancel();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      // Focus left with the dialog: back to the button that opened it, if it is still there.
      if ((document.activeElement === null || document.activeElement === document.body) && opener?.isConnected === true) opener.focus();
    };
  }, []);
  if (inline) {
    return (
      <span ref={keep} className="confirm-inline" role="alertdialog" aria-label={label} aria-describedby={messageId} tabIndex={-1}>
        <span id={messageId} className={messageClassName}>
          {message}
        </span>{' '}
        {children}
      </span>
    );
  }
  return (
    <div ref={keep} className="confirm" role="alertdialog" aria-label={label} aria-describedby={messageId} tabIndex={-1}>
      <p id={messageId} className={messageClassName}>
        {message}
      </p>
      {children}
    </div>
  );
}
