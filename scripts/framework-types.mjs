// Framework types from custom-elements.json (run by `npm run build`, after `npm run manifest` and
// the declaration build): the tags, their attributes, settable properties and events for React 19,
// Preact and the other JSX frameworks (@wc-toolkit/jsx-types), Vue 3 (custom-element-vuejs-
// integration) and Svelte 5 (`svelte/elements`, over the JSX types). Nothing here names an
// element or an attribute: what the manifest says is what the frameworks get.
//
//   dist/types/jsx.d.ts   React 19 (`react`, `react/jsx-runtime`), Preact, Solid, ...
//   dist/types/vue.d.ts   Vue 3 `GlobalComponents`
//   dist/jsx.d.ts         `saleday/jsx`: all of the above plus Svelte 5, and the detail types
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateJsxTypes } from '@wc-toolkit/jsx-types';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';

const outdir = 'dist/types';
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));

/**
 * An event's type as the elements declare it in `GlobalEventHandlersEventMap` (one event class
 * each), or a plain `CustomEvent` (any detail) for an event the map does not list. `detail` gives
 * the detail type instead, for the generators that wrap it in `CustomEvent<...>` themselves.
 */
function eventType(name, detail) {
  const key = JSON.stringify(name);
  return detail
    ? `GlobalEventHandlersEventMap extends Record<${key}, CustomEvent<infer D>> ? D : any`
    : `GlobalEventHandlersEventMap extends Record<${key}, infer E> ? E : CustomEvent`;
}

/**
 * A copy of the manifest as the generators should see it: only the registered elements (not the
 * shared base class), no read-only members (a host page cannot set them), no attribute without a
 * property behind it (a reflection for styling, such as the buy button's `state`), and each
 * event typed through the event map. Events are the documented ones (`@fires`), once each: the
 * analyzer also guesses events from `dispatchEvent(new SomeEvent(detail))`, without a name or
 * named after the argument.
 */
function forGenerators({ detail }) {
  const copy = structuredClone(manifest);
  for (const module of copy.modules) {
    module.declarations = (module.declarations ?? []).filter((d) => d.customElement && d.tagName);
    for (const element of module.declarations) {
      element.members = element.members?.filter((member) => !member.readonly);
      element.attributes = element.attributes?.filter((attribute) => attribute.fieldName);
      const documented = (element.events ?? []).filter((event) => event.name && event.description);
      element.events = [...new Map(documented.map((event) => [event.name, event])).values()];
      for (const event of element.events) {
        event.type = { text: eventType(event.name, detail) };
      }
    }
  }
  return copy;
}

mkdirSync(outdir, { recursive: true });
const common = { outdir, globalTypePath: '../index.js', hideLogs: true };
generateJsxTypes(forGenerators({ detail: false }), {
  ...common,
  fileName: 'jsx.d.ts',
  stronglyTypedEvents: true,
});
generateVuejsTypes(forGenerators({ detail: true }), { ...common, fileName: 'vue.d.ts' });

const elements = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .filter((declaration) => declaration.customElement && declaration.tagName);

writeFileSync(
  'dist/jsx.d.ts',
  `/**
 * Types for using the Saleday elements in React 19, Preact and other JSX frameworks, Vue 3 and
 * Svelte 5: each tag with its attributes, settable properties and typed \`on<event>\` handlers.
 * Types only, nothing at run time:
 *
 * \`\`\`ts
 * import type {} from 'saleday/jsx';
 * \`\`\`
 *
 * Generated from custom-elements.json by scripts/framework-types.mjs (\`npm run build\`). A
 * framework's declarations apply only when its types are installed: keep \`skipLibCheck\` on.
 * @module
 */
import type { CustomElements } from './types/jsx.js';
import './types/vue.js';

export type * from './types/jsx.js';
export type {
  BuyButtonState,
  SaledayBeforeOrderDetail,
  SaledayMilestoneDetail,
  SaledayOrderDetail,
  SaledayWindowDetail,
} from './index.js';

/** The detail of \`saleday-error\`. */
export interface SaledayErrorDetail {
  /** Machine-readable code, such as \`sold_out\`, \`network\` or \`invalid_config\`. */
  code: string;
  message: string;
}

${elements
  .map(
    ({ name }) =>
      `/** @deprecated The generated \`${name}Props\`. */\n` +
      `export type ${name}Attributes = import('./types/jsx.js').${name}Props;`,
  )
  .join('\n')}

// Svelte 5 listens with \`onsaleday-order\` and sets properties, as React 19 does.
declare module 'svelte/elements' {
  interface SvelteHTMLElements extends CustomElements {}
}
`,
);
console.log(
  `framework types: ${elements.map((e) => e.tagName).join(', ')} -> ${outdir}/, dist/jsx.d.ts`,
);
