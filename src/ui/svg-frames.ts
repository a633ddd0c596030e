/**
 * Puts a large SVG into the page over several frames. A cohort heatmap is ~1,500 SVG elements (a rect and a label
 * per cell): inserted at once, its style, layout and paint took 60–70 ms in one task (DESIGN.md 8 wants no task over
 * 50 ms). Here the SVG is parsed inert, its skeleton (axes, legends, empty mark groups) goes in first, and the marks
 * of each crowded group follow ELEMENTS_PER_FRAME at a time, one batch per rendered frame. The final DOM is the same
 * as `element.innerHTML = svg`, so `svg` must already have passed safeSvg (src/notebook/safe-svg.ts), as the
 * chart worker's output does in vega-chart.ts; parsing it in a `template` runs nothing.
 */

/**
 * Marks appended per frame. 300 heatmap labels cost 45–56 ms of style and layout in one frame on this 2-core machine
 * when it runs slow (a trace of the bench's longest task); 150 keep a frame near half of the 50 ms a task may take.
 */
const ELEMENTS_PER_FRAME = 150;

/** Groups with more direct children than this have their children added in batches. */
const CROWDED = 50;

/**
 * Inserts `svg` (one root element) into `element`, in batches when it is large; false when `cancelled()` turned
 * true on the way (the element is then emptied).
 */
export async function insertSvgInFrames(element: Element, svg: string, cancelled: () => boolean = () => false): Promise<boolean> {
  const template = document.createElement('template');
  template.innerHTML = svg;
  const root = template.content.firstElementChild;
  if (!root || root.getElementsByTagName('*').length <= ELEMENTS_PER_FRAME) {
    element.replaceChildren(template.content);
    return true;
  }
  const crowded = [...root.querySelectorAll('*')].filter((node) => node.childElementCount > CROWDED);
  const pending: Array<[Element, ChildNode[]]> = [];
  for (const group of crowded) {
    if (pending.some(([parent]) => parent.contains(group))) continue;
    pending.push([group, [...group.childNodes]]);
    group.replaceChildren();
  }
  element.replaceChildren(root);
  for (const [group, children] of pending) {
    for (let from = 0; from < children.length; from += ELEMENTS_PER_FRAME) {
      await nextFrame();
      if (cancelled()) {
        element.replaceChildren();
        return false;
      }
      group.append(...children.slice(from, from + ELEMENTS_PER_FRAME));
    }
  }
  return true;
}

/** Resolves after the next frame is rendered (or after 100 ms: a hidden page renders no frames). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}
