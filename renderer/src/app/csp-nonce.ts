/**
 * The page's CSP allows a <style> only with this load's nonce (electron/core/security/csp.ts).
 * antd's CSS-in-JS takes the nonce through ConfigProvider, but some of its helpers (scroll
 * locking, scrollbar measuring, textarea auto-size) insert styles without one. So every
 * <style> that our scripts insert is stamped with the nonce, and a `style` attribute set by
 * script goes through the CSSOM, which the policy allows. Markup-injected styles (parsed HTML,
 * which never passes through these calls) still need the nonce and cannot know it.
 * Imported first by main.tsx, before anything can insert a style.
 */
const meta = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');

/** This load's nonce, or undefined when the page was opened without a host that sets one. */
export const cspNonce: string | undefined = meta?.nonce || undefined;

function stamp(node: Node): void {
  if (cspNonce && node instanceof HTMLStyleElement && !node.nonce) node.nonce = cspNonce;
}

if (cspNonce) {
  const { appendChild, insertBefore } = Node.prototype;
  Node.prototype.appendChild = function appendChildWithNonce<T extends Node>(this: Node, node: T): T {
    stamp(node);
    return appendChild.call(this, node) as T;
  };
  Node.prototype.insertBefore = function insertBeforeWithNonce<T extends Node>(this: Node, node: T, child: Node | null): T {
    stamp(node);
    return insertBefore.call(this, node, child) as T;
  };
  const { setAttribute } = Element.prototype;
  Element.prototype.setAttribute = function setAttributeThroughCssom(this: Element, name: string, value: string): void {
    if (name.toLowerCase() === 'style' && (this instanceof HTMLElement || this instanceof SVGElement)) {
      this.style.cssText = value;
      return;
    }
    setAttribute.call(this, name, value);
  };
}
