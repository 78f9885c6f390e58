import { parseHTML } from 'linkedom';

// The project compiles without the DOM lib, so these are the few DOM members the ingester uses.

/** A DOM node, as much of it as the ingester reads. */
export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: Iterable<DomNode> & ArrayLike<DomNode>;
  readonly parentNode: DomNode | null;
}

/** A DOM element, as much of it as the ingester reads and edits. */
export interface DomElement extends DomNode {
  readonly tagName: string;
  getAttribute(name: string): string | null;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): Iterable<DomElement> & ArrayLike<DomElement>;
  remove(): void;
}

/** An HTML document, as much of it as the ingester reads. */
export interface DomDocument {
  readonly documentElement: DomElement;
  readonly body: DomElement | null;
  readonly title: string;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): Iterable<DomElement> & ArrayLike<DomElement>;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

/** Parses HTML into a linkedom document. */
export function parseDocument(html: string): DomDocument {
  const { document } = parseHTML(html);
  return document as unknown as DomDocument;
}

/** The trimmed value of the first `<meta>` matching any of `selectors` (in order), if non-empty. */
export function metaContent(document: DomDocument, ...selectors: readonly string[]): string | undefined {
  for (const selector of selectors) {
    for (const meta of document.querySelectorAll(selector)) {
      const value = meta.getAttribute('content')?.trim();
      if (value) return value;
    }
  }
  return undefined;
}
