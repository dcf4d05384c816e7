import { css } from 'lit';
import { tokens } from '../shared/tokens.styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.75em;
    }
    [part='base'] {
      display: inline-flex;
      flex-flow: column;
      gap: 0.125em;
      border-radius: var(--_radius);
    }
    [part='label'],
    [part='stale'],
    [part='error'] {
      color: var(--_muted);
      font-size: 0.875em;
    }
    [part='label'] {
      font-weight: 600;
    }
    /* The value and, hidden in the same cell, the latest reported value: the width only grows. */
    .number {
      display: inline-grid;
      color: var(--_text);
      font-size: var(--saleday-live-counter-size, 2em);
      font-weight: 700;
      font-variant-numeric: tabular-nums;
      line-height: 1.15;
      white-space: nowrap;
    }
    :host([paused]) .number {
      color: var(--_muted);
    }
    .number > * {
      grid-area: 1 / 1;
    }
    .sizer {
      visibility: hidden;
    }
    [part='control'] {
      min-width: 24px;
      min-height: 24px;
      padding: 0.25em 0.75em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_text);
      font-size: 0.875em;
    }
    [aria-pressed='true'] {
      background: var(--_subtle);
    }
    [part='milestone'] {
      place-self: start end;
      translate: 0.5em -70%;
      padding: 0 0.5em;
      border-radius: 1em;
      background: var(--_accent);
      color: var(--_on-accent);
      font-size: 0.45em;
      animation: saleday-milestone 0.6s ease-out;
    }
    @keyframes saleday-milestone {
      from {
        opacity: 0;
        scale: 0.3;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      [part='milestone'] {
        animation: none;
      }
    }
  `,
];
