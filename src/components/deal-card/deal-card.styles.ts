import { css } from 'lit';
import { tokens } from '../shared/tokens.styles.js';

// Every row has a fixed height, shared by the skeleton, so nothing moves when the data arrives.
export const styles = [
  tokens,
  css`
    /* Paint containment, as for the countdown: pages show deal cards by the hundred. Off
       screen, the browser skips its rendering; until drawn once it takes the height measured
       for a 220px-wide card in English at 16px (402px), then the height it last had. */
    :host {
      display: block;
      container-type: inline-size;
      contain: paint;
      content-visibility: auto;
      contain-intrinsic-block-size: auto 25.1em;
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
    .card {
      display: flex;
      flex-flow: column;
      gap: 0.5rem;
      block-size: 100%;
      padding: 0.75rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .media {
      position: relative;
    }
    .image {
      display: block;
      inline-size: 100%;
      block-size: auto;
      aspect-ratio: 1;
      object-fit: cover;
      border-radius: calc(var(--_radius) / 2);
      background: var(--_subtle);
    }
    .placeholder {
      background:
        linear-gradient(to top right, #0000 49.5%, var(--_border), #0000 50.5%),
        linear-gradient(to top left, #0000 49.5%, var(--_border), #0000 50.5%), var(--_subtle);
      border: 1px solid var(--_border);
    }
    .sold .image {
      filter: grayscale(1);
      opacity: 0.6;
    }
    .badge {
      position: absolute;
      inset-block-start: 0.5rem;
      inset-inline-start: 0.5rem;
      padding: 0.125em 0.5em;
      border-radius: 999px;
      background: var(--_accent);
      color: var(--_on-accent);
      font-size: 0.8125em;
      font-weight: 700;
    }
    .sold-out {
      inset-inline: auto 0.5rem;
      background: var(--_text);
      color: var(--_surface);
    }
    p {
      margin: 0;
    }
    .title {
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
      block-size: 2.6em;
      overflow: hidden;
      line-height: 1.3;
      font-weight: 600;
    }
    a {
      color: inherit;
      text-decoration: none;
      border-radius: 2px;
    }
    a:hover {
      text-decoration: underline;
    }
    .prices,
    .stock {
      display: flex;
      gap: 0.5em;
      overflow: hidden;
      white-space: nowrap;
    }
    .prices {
      align-items: baseline;
      block-size: 1.75rem;
      line-height: 1.75rem;
    }
    .price {
      font-size: 1.25rem;
      font-weight: 700;
    }
    .list-price {
      color: var(--_muted);
      font-size: 0.875rem;
    }
    .stock {
      justify-content: space-between;
      block-size: 1.25rem;
      color: var(--_muted);
      font-size: 0.8125rem;
      line-height: 1.25rem;
    }
    .bar {
      appearance: none;
      display: block;
      inline-size: 100%;
      block-size: 0.5rem;
      border: 0;
      border-radius: 999px;
      overflow: hidden;
      background: var(--_subtle);
    }
    .bar::-webkit-progress-bar {
      background: var(--_subtle);
    }
    .bar::-webkit-progress-value {
      background: var(--_accent);
    }
    .bar::-moz-progress-bar {
      background: var(--_accent);
    }
    .action {
      margin-block-start: auto;
    }
    .action slot > * {
      display: block;
    }
    .bone {
      display: block;
      border-radius: 4px;
      background: var(--_subtle);
    }
    span.bone {
      inline-size: 40%;
      block-size: 100%;
    }
    .title .bone {
      inline-size: 80%;
    }
    @media (prefers-reduced-motion: no-preference) {
      .bone {
        animation: pulse 1.2s ease-in-out infinite alternate;
      }
    }
    @keyframes pulse {
      to {
        opacity: 0.5;
      }
    }
    .heading {
      font-weight: 700;
    }
    .detail {
      color: var(--_muted);
      font-size: 0.875em;
      overflow-wrap: anywhere;
    }
  `,
];
