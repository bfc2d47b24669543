// A file of an end-to-end encrypted room as the page shows it: its bytes come from the server encrypted and are
// opened here with the room key (e2e/files.js) into blob: URLs: the thumbnail when the message is drawn, the picture
// itself when it is opened, any other file when it is saved.
import { Component } from 'preact';
import { html } from './html.js';
import { Lightbox } from './lightbox.js';
import { openFileBytes } from '../e2e/files.js';
import { humanSize } from '../uploads.js';

const FILE_ID = /^[A-Za-z0-9_-]{16,64}$/;
const thumbs = new Map(); // thumbnail id → Promise<blob: URL>, for the page's lifetime (they are small)
let keyOf = () => null;

/** Where the room keys come from: `(room) → key | null` (EncryptedRooms.keyOf). */
export function useRoomKeys(lookup) {
  keyOf = lookup;
}

/** Fetches an encrypted upload and opens it: a blob: URL of its plaintext, typed `mime`. */
export async function openedUrl(room, id, mime) {
  const key = keyOf(room);
  if (!key) throw new Error('the room is locked: enter its passphrase');
  const res = await fetch(`/api/files/${id}`, { cache: 'force-cache' });
  if (!res.ok) throw new Error(res.status === 404 ? 'the file is no longer on the server' : `HTTP ${res.status}`);
  const plain = openFileBytes(key, room, new Uint8Array(await res.arrayBuffer()));
  return URL.createObjectURL(new Blob([plain], { type: mime || 'application/octet-stream' }));
}

function thumbUrl(room, id) {
  if (!thumbs.has(id)) thumbs.set(id, openedUrl(room, id, 'image/jpeg').catch((e) => { thumbs.delete(id); throw e; }));
  return thumbs.get(id);
}

export class EncryptedFile extends Component {
  componentDidMount() {
    const { msg } = this.props;
    const thumb = msg.file?.thumb;
    if (!FILE_ID.test(thumb ?? '')) return;
    thumbUrl(msg.room, thumb).then((src) => this.setState({ src }), (e) => this.setState({ problem: e.message }));
  }

  async open(e) {
    e.preventDefault();
    const { msg } = this.props;
    try {
      const src = await openedUrl(msg.room, msg.file.id, msg.file.mime);
      Lightbox.current?.show({ src, name: msg.file.name ?? 'picture', revoke: true });
    } catch (err) {
      this.setState({ problem: err.message });
    }
  }

  async save(e) {
    e.preventDefault();
    const { msg } = this.props;
    try {
      const src = await openedUrl(msg.room, msg.file.id, msg.file.mime);
      const a = Object.assign(document.createElement('a'), { href: src, download: msg.file.name ?? 'file' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(src), 60_000);
    } catch (err) {
      this.setState({ problem: err.message });
    }
  }

  render({ msg, box, caption }, { src, problem }) {
    const file = msg.file ?? {};
    const name = typeof file.name === 'string' && file.name ? file.name : 'file';
    const card = html`<span class="file-card"><a class="file-link" href="#" onClick=${(e) => this.save(e)}>🔒📎 ${name}</a>${
      Number.isFinite(file.size) ? html`<span class="file-size muted"> · ${humanSize(file.size)}</span>` : null}</span>`;
    const picture = FILE_ID.test(file.thumb ?? '') ? html`<button type="button" class="file-image" onClick=${(e) => this.open(e)}
        aria-label=${`Open the picture ${name}`}>${src ? html`<img src=${src} width=${box.width} height=${box.height} alt=${name} />`
        : html`<span class="file-placeholder" style=${`width:${box.width}px;height:${box.height}px`}></span>`}</button>` : null;
    return html`<div class="text file encrypted-file">${picture}${card}${caption}${problem
      ? html`<span class="error small">${problem}</span>` : null}</div>`;
  }
}
