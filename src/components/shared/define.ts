/** Tag names registered for each element class, so elements can create one another. */
const tags = new Map<CustomElementConstructor, string>();

/**
 * Registers `element` as `<prefix>-<name>` unless that tag is already defined (the script loaded
 * twice, or npm and CDN copies met): the first definition wins and nothing throws. Returns the
 * tag in use.
 */
export function defineElement(
  name: string,
  element: CustomElementConstructor,
  prefix = 'saleday',
): string {
  const tag = `${prefix}-${name}`;
  const registry = globalThis.customElements;
  if (registry && !registry.get(tag)) {
    // A class can back only one tag: another prefix gets its own subclass.
    registry.define(
      tag,
      prefix === 'saleday' ? element : class extends (element as typeof HTMLElement) {},
    );
  }
  if (!tags.has(element) || prefix === 'saleday') tags.set(element, tag);
  return tag;
}

/** The tag `element` was registered under, if it was. */
export const tagOf = (element: CustomElementConstructor): string | undefined => tags.get(element);
