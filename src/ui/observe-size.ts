/**
 * A Svelte action reporting an element's size from a ResizeObserver. Unlike `bind:clientWidth`, it never
 * reads layout synchronously: that read forced a whole-page style and layout pass for every chart and grid
 * mounted, 10–20 ms each on a big notebook.
 */
export function observeSize(element: HTMLElement, onSize: (size: { width: number; height: number }) => void): { destroy(): void } {
  const observer = new ResizeObserver((entries) => {
    const box = entries.at(-1)?.contentRect;
    if (box) onSize({ width: box.width, height: box.height });
  });
  observer.observe(element);
  return { destroy: () => observer.disconnect() };
}
