import { stripUnsafeCharacters } from '@tasklane/shared/domain/unsafe-text';

/**
 * [UC3] Every text field of the app drops unsafe characters as they are typed or pasted (a pasted line break becomes a
 * space; a description keeps its line breaks and tabs), so the app never writes a row the server would refuse
 * ([UC2]). One capturing listener on the window runs before React's, which then reads the cleaned value as the change.
 */
export function cleanTextInputs(target: Pick<Window, 'addEventListener'> = window): void {
  target.addEventListener(
    'input',
    (event) => {
      const field = event.target as HTMLInputElement | HTMLTextAreaElement;
      if (field.type !== 'text' && field.type !== 'textarea' && field.type !== 'search') return;
      const cleaned = stripUnsafeCharacters(field.value, { multiline: field.type === 'textarea' });
      if (cleaned === field.value) return;
      const caret = (field.selectionEnd ?? field.value.length) - (field.value.length - cleaned.length);
      // The prototype's setter: React's own (on the element) would note the cleaned value as already seen, and skip the change.
      Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value')?.set?.call(field, cleaned);
      field.setSelectionRange(caret, caret);
    },
    true,
  );
}
