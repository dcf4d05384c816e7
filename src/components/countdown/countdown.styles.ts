import { css } from 'lit';
import { tokens } from '../shared/tokens.styles.js';

export const styles = [
  tokens,
  css`
    /* Paint containment: a page of hundreds of countdowns repaints each one on its own,
       from cache, instead of the whole page on every frame (see docs/benchmarks.md). Off
       screen, the browser skips its rendering altogether; until it has been drawn once it
       takes the size measured for English at 16px (267 x 56 px, compact 192 x 22 px), then
       the size it last had, so nothing moves when it comes into view. */
    :host {
      display: inline-block;
      contain: paint;
      content-visibility: auto;
      contain-intrinsic-size: auto 16.75em auto 3.5em;
    }
    /* Server-rendered: laid out at its real size from the first frame (the intrinsic size is a
       guess, and the element would shift what follows it), with the same containment as
       content-visibility: auto gives (the same baseline), until a frame has drawn it and the
       browser remembers its size: then the element drops data-saleday-seed (SaledayElement). */
    :host(:not(:defined)),
    :host([data-saleday-seed]) {
      content-visibility: visible;
      contain: layout style paint;
    }
    :host([compact]) {
      contain-intrinsic-size: auto 12em auto 1.4em;
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
