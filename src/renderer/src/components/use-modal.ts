import { useEffect, useEffectEvent, type KeyboardEvent, type RefObject } from 'react';

const FOCUSABLE = 'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog's keyboard: focus starts on the dialog, stays inside it (Tab and Shift+Tab
 * cycle; focus that lands outside, say by a click, is brought back), and Escape closes it
 * wherever focus is, unless a confirmation inside it is open (Escape answers that first).
 * Returns the handler for the dialog's own keydown (the Tab cycle).
 */
export function useModal(dialog: RefObject<HTMLElement | null>, onClose: () => void): (event: KeyboardEvent) => void {
  const close = useEffectEvent(onClose);
  // Once per opening: a new onClose on each render must not pull focus back to the dialog.
  useEffect(() => {
    dialog.current?.focus();
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      // A question asked inside the dialog (a refund's confirmation) takes this Escape for itself.
      if (dialog.current?.querySelector('[role="alertdialog"]') != null) return;
      event.preventDefault();
      close();
    };
    const onFocus = (event: FocusEvent): void => {
      const element = dialog.current;
      if (element !== null && event.target instanceof Node && !element.contains(event.target)) element.focus();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('focusin', onFocus);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('focusin', onFocus);
    };
  }, [dialog]);

  return (event) => {
    const element = dialog.current;
    if (event.key !== 'Tab' || element === null) return;
    const inside = [...element.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = inside[0];
    const last = inside.at(-1);
    if (first === undefined || last === undefined) return;
    const at = document.activeElement;
    if (event.shiftKey && (at === first || at === element)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && at === last) {
      event.preventDefault();
      first.focus();
    }
  };
}
