type RenderedNode = { readonly text?: string | null; readonly childNodes?: readonly RenderedNode[] };

/** The text a reader sees in a ui-extensions test render, a text node a line (toString() adds the markup). */
export function renderedText(node: RenderedNode): string {
  if (node.childNodes === undefined) return node.text ?? '';
  return node.childNodes.map(renderedText).join('\n');
}
