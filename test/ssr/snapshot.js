// Runs right after the server-rendered elements are parsed, before any deferred or module script
// (so before hydration): keeps every node of their shadow roots, and records any node taken out
// of one afterwards.
(() => {
  const nodes = [];
  const removed = [];
  const walk = (root) => {
    for (const node of root.childNodes) {
      nodes.push(node);
      if (node.shadowRoot) visit(node.shadowRoot);
      walk(node);
    }
  };
  const visit = (shadowRoot) => {
    new MutationObserver((records) => {
      for (const record of records) removed.push(...record.removedNodes);
    }).observe(shadowRoot, { childList: true, subtree: true });
    walk(shadowRoot);
  };
  for (const element of document.querySelectorAll('body *')) {
    if (element.shadowRoot) visit(element.shadowRoot);
  }
  window.ssrSnapshot = { nodes, removed };
})();
