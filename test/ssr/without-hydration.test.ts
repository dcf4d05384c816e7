// What Lit itself does when an element is defined over a declarative shadow root (server-rendered
// HTML) on a page without its hydration support, as with the plain `saleday.js`: it keeps the
// server's shadow root and renders its template before the server's nodes (LitElement renders
// before the root's first child), so every part shows twice, both styled (the element's styles
// are adopted into that root). This is why SaledayElement empties a server-rendered root first
// when it cannot hydrate (its createRenderRoot; test/ssr/ssr.test.ts checks the outcome with
// saleday.js). If this test fails, Lit changed what it does, and that override may not be needed.
import { expect } from '@open-wc/testing';
import { LitElement, css, html } from 'lit';

/** A plain LitElement (no Saleday code), with a style and one part. */
class PlainElement extends LitElement {
  static override styles = css`
    p {
      font-weight: 700;
    }
  `;

  override render() {
    return html`<p part="text">drawn by Lit</p>`;
  }
}

/** Parses `markup` as a page would, declarative shadow roots included, into a new div. */
function serverRendered(markup: string): HTMLElement {
  const container = document.createElement('div');
  container.setHTMLUnsafe(markup);
  document.body.append(container);
  return container;
}

describe('Lit without its hydration support, over a server-rendered shadow root', () => {
  it('keeps the server’s nodes and renders its template before them: drawn twice', async () => {
    const container = serverRendered(
      '<plain-over-dsd><template shadowrootmode="open"><p part="text">from the server</p></template></plain-over-dsd>',
    );
    const element = container.querySelector('plain-over-dsd')!;
    const serverRoot = element.shadowRoot!;
    expect(serverRoot, 'no declarative shadow root').to.exist;
    const serverNode = serverRoot.querySelector('p')!;

    customElements.define('plain-over-dsd', PlainElement);
    await (element as PlainElement).updateComplete;

    // The same shadow root (a second attachShadow would throw), the server's node still in it,
    // and Lit's own rendering before it.
    expect(element.shadowRoot).to.equal(serverRoot);
    expect(serverNode.isConnected).to.be.true;
    const texts = [...serverRoot.querySelectorAll('[part~="text"]')].map((p) => p.textContent);
    expect(texts).to.deep.equal(['drawn by Lit', 'from the server']);
    // Lit's styles are adopted into that root, so both copies are styled.
    expect(serverRoot.adoptedStyleSheets).to.have.length(1);
    expect(getComputedStyle(serverNode).fontWeight).to.equal('700');
    container.remove();
  });
});
