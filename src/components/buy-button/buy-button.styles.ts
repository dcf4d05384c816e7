import { css } from 'lit';
import { tokens } from '../shared/tokens.styles.js';

// The shadow root holds one button and at most one link: plain type selectors reach them.
export const styles = [
  tokens,
  css`
    :host {
      display: inline-block;
    }
    /* A server-rendered button before JavaScript has defined it: see the fallback in render. */
    :host(:defined) .fallback,
    :host(:not(:defined)) button:not(.fallback) {
      display: none;
    }
    button,
    .fallback {
      display: flex;
      align-items: center;
      justify-content: center;
      gap: 0.5em;
      inline-size: 100%;
      min-block-size: 2.75em;
      padding: 0.5em 1.25em;
      border: 0;
      border-radius: var(--_radius);
      background: var(--_accent);
      color: var(--_on-accent);
      font-weight: 600;
      text-decoration: none;
      transition: filter 0.15s;
    }
    :hover:enabled {
      filter: brightness(1.08);
    }
    :disabled {
      background: var(--_subtle);
      color: var(--_muted);
      cursor: not-allowed;
    }
    :host([state='ordered']) button {
      background: var(--_success);
      color: var(--_on-accent);
    }
    [aria-busy]::before {
      content: '';
      inline-size: 1em;
      block-size: 1em;
      border: 2px solid;
      border-inline-end-color: #0000;
      border-radius: 50%;
      animation: spin 0.8s linear infinite;
    }
    @media (prefers-reduced-motion: reduce) {
      [aria-busy]::before {
        animation-duration: 3s;
      }
    }
    @keyframes spin {
      to {
        rotate: 1turn;
      }
    }
    .note {
      display: block;
      margin-block-start: 0.375em;
      color: var(--_muted);
      font-size: 0.875em;
    }
    a {
      color: var(--_accent);
      font-weight: 600;
      border-radius: 2px;
    }
  `,
];
