import { css } from 'lit';
import { tokens } from '../shared/tokens.styles.js';

export const styles = [
  tokens,
  css`
    /* Paint containment: a page of hundreds of countdowns repaints each one on its own,
       from cache, instead of the whole page on every frame (see docs/benchmarks.md). */
    :host {
      display: inline-block;
      contain: paint;
    }
    [part='base'] {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25em 0.75em;
    }
    [part='base'] > [part] {
      font-weight: 600;
    }
    [part='label'],
    [part='error'],
    [part='unit'] {
      color: var(--_muted);
    }
    .timer {
      display: inline-flex;
      gap: var(--saleday-countdown-gap, 0.375em);
    }
    [part='segment'] {
      display: inline-flex;
      flex-flow: column;
      align-items: center;
      min-width: 3.5em;
      padding: 0.25em 0.375em;
      border-radius: var(--_radius);
      background: var(--_subtle);
    }
    [part='value'] {
      color: var(--_accent);
      font-size: var(--saleday-countdown-size, 1.75em);
      font-weight: 700;
      font-variant-numeric: tabular-nums;
      line-height: 1.1;
    }
    [part='unit'] {
      font-size: 0.75em;
    }
    :host([compact]) [part='segment'] {
      flex-direction: row;
      align-items: baseline;
      gap: 0.125em;
      min-width: 0;
      padding: 0;
      background: none;
    }
    :host([compact]) [part='value'] {
      font-size: 1em;
    }
    :host([compact]) [part='unit'] {
      font-size: 0.875em;
    }
  `,
];
