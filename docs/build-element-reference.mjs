#!/usr/bin/env node
/**
 * Writes `docs/elements.md`, the element reference, from `custom-elements.json` (made by
 * `npm run manifest`): for every element its summary, attributes, properties, methods, events,
 * slots, CSS parts and CSS custom properties, as tables. typedoc then publishes it with the API
 * docs (`projectDocuments` in typedoc.json). Run through `npm run docs`.
 *
 *     node docs/build-element-reference.mjs [custom-elements.json] [docs/elements.md]
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const input = process.argv[2] ?? `${root}custom-elements.json`;
const output = process.argv[3] ?? `${root}docs/elements.md`;

/** The base class every element extends; it is documented through its subclasses. */
const BASE_CLASS = 'SaledayElement';

let manifest;
try {
  manifest = JSON.parse(readFileSync(input, 'utf8'));
} catch (error) {
  console.error(`Cannot read ${input} (${error.message}). Run \`npm run manifest\` first.`);
  process.exit(1);
}

const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** Every class declaration by name, to walk superclasses. */
const classes = new Map();
for (const module of manifest.modules ?? []) {
  for (const declaration of module.declarations ?? []) {
    if (declaration.kind === 'class') classes.set(declaration.name, { declaration, module });
  }
}

/** Whether `declaration` is an element: marked as one, given a tag, or extending the base. */
function isElement(declaration) {
  if (declaration.name === BASE_CLASS) return false;
  if (declaration.tagName || declaration.customElement) return true;
  for (let parent = declaration.superclass; parent;) {
    if (parent.name === BASE_CLASS || parent.name === 'LitElement') return true;
    parent = classes.get(parent.name)?.declaration.superclass;
  }
  return false;
}

const elements = [...classes.values()]
  .filter(({ declaration }) => isElement(declaration))
  .map(({ declaration, module }) => ({
    ...declaration,
    module: module.path,
    // The elements are defined at run time (with a prefix), so the manifest may not know the tag.
    tagName: declaration.tagName ?? kebab(declaration.name),
  }))
  .sort((a, b) => a.tagName.localeCompare(b.tagName));

if (!elements.length) {
  console.error(`No elements found in ${input}: is src/components/ empty?`);
  process.exit(1);
}

/** Escapes a table cell: one line, pipes escaped (also inside code spans, as GFM allows). */
const cell = (text) =>
  String(text ?? '')
    .replace(/\r?\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
const code = (text) => (text === undefined || text === '' ? '' : `\`${cell(text)}\``);

function table(headers, rows) {
  if (!rows.length) return [];
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map((value) => (value === '' ? ' ' : value)).join(' | ')} |`),
    '',
  ];
}

const isPublic = (member) =>
  !member.static && !member.name.startsWith('#') && (member.privacy ?? 'public') === 'public';

/** A custom event name (`saleday-order`), not a variable the analyzer mistook for one. */
const isEventName = (name) => /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(name ?? '');

function section(title, lines) {
  return lines.length ? [`### ${title}`, '', ...lines] : [];
}

function describeElement(element) {
  const members = (element.members ?? []).filter(isPublic);
  const fields = members.filter((member) => member.kind === 'field');
  const methods = members.filter((member) => member.kind === 'method');
  const attributes = element.attributes ?? [];
  const events = (element.events ?? []).filter((event) => isEventName(event.name));
  const summary = element.summary ? element.summary.trim() : '';
  const lines = [
    `## ${element.tagName}`,
    '',
    ...(summary ? [`**${summary}**`, ''] : []),
    ...(element.description ? [element.description.trim(), ''] : []),
    `Class \`${element.name}\`; \`import '${element.tagName.replace(/^saleday-/, 'saleday/')}'\` registers it alone.`,
    '',
  ];

  lines.push(
    ...section(
      'Attributes',
      table(
        ['Attribute', 'Property', 'Type', 'Default', 'Description'],
        attributes.map((attribute) => [
          code(attribute.name),
          code(attribute.fieldName),
          code(attribute.type?.text),
          code(attribute.default),
          cell(attribute.description),
        ]),
      ),
    ),
  );
  lines.push(
    ...section(
      'Properties',
      table(
        ['Property', 'Attribute', 'Type', 'Default', 'Description'],
        fields.map((field) => [
          code(field.name),
          field.attribute ? `${code(field.attribute)}${field.reflects ? ' (reflected)' : ''}` : '',
          code(field.type?.text),
          code(field.default),
          cell(
            field.readonly && !/read-only/i.test(field.description ?? '')
              ? `Read-only. ${field.description ?? ''}`
              : field.description,
          ),
        ]),
      ),
    ),
  );
  lines.push(
    ...section(
      'Methods',
      table(
        ['Method', 'Returns', 'Description'],
        methods.map((method) => [
          code(
            `${method.name}(${(method.parameters ?? [])
              .map((p) => `${p.name}${p.optional ? '?' : ''}${p.type ? `: ${p.type.text}` : ''}`)
              .join(', ')})`,
          ),
          code(method.return?.type?.text),
          cell(method.description),
        ]),
      ),
    ),
  );
  lines.push(
    ...section(
      'Events',
      table(
        ['Event', 'Description'],
        events.map((event) => [code(event.name), cell(event.description)]),
      ),
    ),
  );
  lines.push(
    ...section(
      'Slots',
      table(
        ['Slot', 'Description'],
        (element.slots ?? []).map((slot) => [
          slot.name ? code(slot.name) : '(default)',
          cell(slot.description),
        ]),
      ),
    ),
  );
  lines.push(
    ...section(
      'CSS parts',
      table(
        ['Part', 'Description'],
        (element.cssParts ?? []).map((part) => [
          code(`::part(${part.name})`),
          cell(part.description),
        ]),
      ),
    ),
  );
  lines.push(
    ...section(
      'CSS custom properties',
      table(
        ['Property', 'Description'],
        (element.cssProperties ?? []).map((property) => [
          code(property.name),
          cell(
            `${property.description ?? ''}${property.default ? ` Default: \`${cell(property.default)}\`.` : ''}`,
          ),
        ]),
      ),
    ),
  );
  return lines;
}

const markdown = [
  '---',
  'title: Element reference',
  '---',
  '',
  '<!-- Generated by docs/build-element-reference.mjs from custom-elements.json: do not edit. -->',
  '',
  '# Element reference',
  '',
  'Every element of Saleday, from its source. Tags are shown with the default prefix: with',
  '`data-prefix="acme"` on the script tag (or `registerElements(\'acme\')`) they become',
  '`<acme-countdown>` and so on, with the same attributes, events and parts.',
  '',
  'Every element takes `locale` (a BCP 47 tag), `api` (the API base URL, when it differs from the',
  "configured one) and `theme` (`dark`, or `auto` to follow the visitor's system), and reports",
  'failures with a bubbling, composed `saleday-error` event. All of them read the shared design',
  'tokens (`--saleday-accent`, `--saleday-text`, ...); each table lists the ones it uses.',
  '',
  ...elements.map((element) => `- [\`<${element.tagName}>\`](#${element.tagName})`),
  '',
  ...elements.flatMap(describeElement),
]
  .join('\n')
  .replace(/\n{3,}/g, '\n\n')
  .trimEnd();

writeFileSync(output, `${markdown}\n`);
console.log(
  `Wrote ${output.replace(root, '')}: ${elements.map((e) => `<${e.tagName}>`).join(', ')}`,
);
