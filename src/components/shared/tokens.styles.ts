import { css } from 'lit';

/** The dark defaults, for `theme="dark"`, and for `theme="auto"` when the visitor prefers dark. */
const dark = css`
  --_accent: var(--saleday-accent, #ff6b7d);
  --_on-accent: var(--saleday-on-accent, #1b1b1f);
  --_text: var(--saleday-text, #f3f3f6);
  --_muted: var(--saleday-muted, #b9b9c3);
  --_surface: var(--saleday-surface, #1e1e24);
  --_subtle: var(--saleday-subtle, #33333c);
  --_border: var(--saleday-border, #45454f);
  --_success: var(--saleday-success, #7ddc98);
`;

/**
 * The design tokens every widget shares. Each `--saleday-*` custom property can be set by the
 * host page (on the element or any ancestor); `theme="dark"` switches to the dark defaults and
 * `theme="auto"` follows the visitor's `prefers-color-scheme`.
 */
export const tokens = css`
  :host {
    --_accent: var(--saleday-accent, #c4001d);
    --_on-accent: var(--saleday-on-accent, #fff);
    --_text: var(--saleday-text, #1b1b1f);
    --_muted: var(--saleday-muted, #55555c);
    --_surface: var(--saleday-surface, #fff);
    --_subtle: var(--saleday-subtle, #ececf0);
    --_border: var(--saleday-border, #d4d4da);
    --_success: var(--saleday-success, #1d6b35);
    --_radius: var(--saleday-radius, 8px);
    box-sizing: border-box;
    color: var(--_text);
    font-family: var(--saleday-font, system-ui, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--saleday-font-size, 16px);
    line-height: 1.4;
    -webkit-text-size-adjust: 100%;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  ::before,
  ::after {
    box-sizing: inherit;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid #0000;
    box-shadow: var(--saleday-focus-ring, 0 0 0 3px color-mix(in srgb, var(--_accent) 45%, #0000));
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
