// Templates: htm tagged templates over Preact's h(). No JSX build step, so the same source runs in node --test and
// in the browser, and no template is ever compiled with eval (the CSP forbids it). Text in ${…} is always a text node.
import { Component, h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);

/** A component that redraws only when one of its props changed (shallow compare), like preact/compat's memo. */
export function memo(fn) {
  class Memo extends Component {
    shouldComponentUpdate(next) {
      for (const key in next) if (next[key] !== this.props[key]) return true;
      for (const key in this.props) if (!(key in next)) return true;
      return false;
    }

    render(props) {
      return fn(props);
    }
  }
  Memo.displayName = `Memo(${fn.name || 'component'})`;
  return Memo;
}
