// The uploads tray above the message box: one row per file being sent, with its progress bar, Cancel, and for a
// failed one the reason, Retry (when trying again can help) and Dismiss.
import { render } from 'preact';
import { html } from './html.js';
import { humanSize } from '../uploads.js';

export class UploadTray {
  constructor(el, { cancel, retry, dismiss }) {
    this.el = el;
    this.actions = { cancel, retry, dismiss };
  }

  render(items) {
    this.el.hidden = items.length === 0;
    render(html`${items.map((item) => html`<${Row} key=${item.key} item=${item} actions=${this.actions} />`)}`, this.el);
  }
}

function Row({ item, actions }) {
  const percent = item.size > 0 ? Math.min(100, Math.round((100 * item.loaded) / (item.total || item.size))) : 0;
  const failed = item.state === 'failed';
  const status = failed ? item.error
    : item.state === 'queued' ? 'Waiting…'
      : item.state === 'done' ? 'Sent' : `${percent}% of ${humanSize(item.size)}`;
  return html`<div class=${`upload upload-${item.state}`} data-name=${item.name}>
    <span class="upload-name" title=${item.name}>📎 ${item.name}</span>
    ${failed ? null : html`<progress class="upload-progress" max="100" value=${percent} aria-label=${`Uploading ${item.name}`}></progress>`}
    <span class=${failed ? 'upload-status error' : 'upload-status muted'} role=${failed ? 'alert' : undefined}>${status}</span>
    ${item.state === 'uploading' || item.state === 'queued'
      ? html`<button type="button" class="link upload-cancel" onClick=${() => actions.cancel(item.key)}>Cancel</button>` : null}
    ${failed && item.retryable ? html`<button type="button" class="link upload-retry" onClick=${() => actions.retry(item.key)}>Retry</button>` : null}
    ${failed ? html`<button type="button" class="link upload-dismiss" onClick=${() => actions.dismiss(item.key)}>Dismiss</button>` : null}
  </div>`;
}
