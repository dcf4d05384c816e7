// A Svelte 5 app's view of the elements through `saleday/jsx`: the attributes svelte-check
// accepts on each tag (`SvelteHTMLElements`), without a template compiler.
import type { SvelteHTMLElements } from 'svelte/elements';
import type {} from 'saleday/jsx';

export const countdown: SvelteHTMLElements['saleday-countdown'] = { sale: 's1', theme: 'light' };
export const button: SvelteHTMLElements['saleday-buy-button'] = {
  deal: 'd1',
  quantity: 2,
  'onsaleday-order': (event) => event.target.quantity,
};

// @ts-expect-error: not a theme
export const badTheme: SvelteHTMLElements['saleday-countdown'] = { theme: 'blue' };
// @ts-expect-error: a quantity is a number
export const badQuantity: SvelteHTMLElements['saleday-buy-button'] = { quantity: '2' };
