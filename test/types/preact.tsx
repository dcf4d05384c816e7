/** @jsxImportSource preact */
// A Preact app's view of the elements through `saleday/jsx`.
import type {} from 'saleday/jsx';

export const deal = (
  <saleday-deal-card deal="d1" theme="light" onsaleday-error={(event) => event.type} />
);

// @ts-expect-error: not a theme
export const badTheme = <saleday-countdown theme="blue" />;
