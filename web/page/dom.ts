/**
 * Building the page's elements. Every string reaches the page as text (textContent), never as
 * markup: names, messages, log lines and code from an extension, a scenario or a share link cannot
 * add an element, an attribute or a script. Attributes are limited to the few the page sets.
 */
type Child = Node | string | number | null | undefined | false;
type Attrs = Readonly<Record<string, string | number | boolean | undefined>>;

const ALLOWED_ATTRIBUTE =
  /^(class|id|title|role|type|value|label|for|name|disabled|selected|checked|href|target|rel|alt|src|tabindex|aria-[a-z]+|data-[a-z-]+)$/;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (!ALLOWED_ATTRIBUTE.test(name)) throw new Error(`internal: attribute ${name} is not one the page sets`);
    if (
      (name === "href" || name === "src") &&
      !/^(#|https:\/\/|data:image\/svg\+xml[;,]|\.\/|[a-z0-9-]+\.html$)/.test(String(value))
    ) {
      throw new Error(`internal: refused ${name} ${String(value).slice(0, 40)}`);
    }
    node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

/** Replace an element's children. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`internal: no element #${id}`);
  return node as T;
}
