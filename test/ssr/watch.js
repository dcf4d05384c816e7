// Loaded in the head of the server-rendered fixture page: adds up its layout shifts (CLS), as
// the Layout Instability API reports them from the first paint on, with what moved.
window.layoutShifts = [];
window.layoutShiftSources = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.layoutShifts.push(entry.value);
    window.layoutShiftSources.push(`${Math.round(entry.startTime)}ms ${entry.value}`);
    for (const { node, previousRect, currentRect } of entry.sources ?? []) {
      const where = (rect) => `${rect.x},${rect.y} ${rect.width}x${rect.height}`;
      const name = node?.getRootNode?.().host?.localName ?? '';
      window.layoutShiftSources.push(
        `${Math.round(entry.startTime)}ms ${name} ${node?.nodeName}.${node?.className ?? ''}: ${where(previousRect)} -> ${where(currentRect)}`,
      );
    }
  }
}).observe({ type: 'layout-shift', buffered: true });
