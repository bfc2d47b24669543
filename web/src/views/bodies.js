// How a message's text is drawn, by kind (kinds.js picks one). Every user string is a text node: htm puts ${…} in
// as text, never as HTML; links are made only from http(s) URLs.
import { h } from 'preact';
import { html } from './html.js';
import { senderLabel } from '../bridge.js';
import { parseMessage } from '../markdown.js';
import { tokenize } from '../text.js';
import { humanSize } from '../uploads.js';
import { EncryptedFile } from './encrypted-file.js';

const ACTION = '/me ';

/** Text with links and @mentions. */
export function inline(text, me) {
  return tokenize(text ?? '').map((p) => {
    if (p.type === 'link') return html`<a href=${p.href} target="_blank" rel="noopener noreferrer">${p.text}</a>`;
    if (p.type === 'mention') return html`<span class=${p.user === me ? 'mention mention-me' : 'mention'}>${p.text}</span>`;
    return p.text;
  });
}

/** A parsed message (markdown.js) as elements: the tags come from markdown.js's fixed list, text stays text. */
export function draw(nodes, me) {
  return nodes.map((n) => {
    if (typeof n === 'string') return n;
    if (n.mention) return html`<span class=${n.mention === me ? 'mention mention-me' : 'mention'}>${n.text}</span>`;
    if (n.tag === 'a') return html`<a href=${n.attrs.href} target="_blank" rel="noopener noreferrer">${draw(n.children, me)}</a>`;
    return h(n.tag, n.attrs, ...draw(n.children, me));
  });
}

export function textBody(msg, me) {
  if (msg.deleted) return html`<p class="text muted deleted">This message was deleted.</p>`;
  const text = msg.text ?? '';
  // "/me waves" is an action, shown as "* alice waves" (the same plain-text rule as `parley chat`).
  if (text.startsWith(ACTION)) {
    return html`<p class="text action">* ${senderLabel(msg)} ${inline(text.slice(ACTION.length), me)}</p>`;
  }
  return html`<div class="text md">${draw(parseMessage(text), me)}</div>`;
}

export function systemBody(msg, me) {
  return html`<p class="text system">${inline(msg.text, me)}</p>`;
}

const FILE_ID = /^[A-Za-z0-9_-]{16,64}$/;
const VIDEO = new Set(['video/mp4', 'video/webm', 'video/ogg']);
const AUDIO = new Set(['audio/mpeg', 'audio/ogg', 'audio/vorbis', 'audio/opus', 'audio/wav', 'audio/vnd.wave',
  'audio/x-wav', 'audio/webm', 'audio/mp4', 'audio/aac', 'audio/flac', 'audio/x-flac']);
const THUMB_BOX = { width: 320, height: 240 };

/** The size an image is drawn at in the list: its thumbnail, fitted in THUMB_BOX, known before it loads. */
export function thumbSize(width, height) {
  if (!(width > 0 && height > 0)) return { width: THUMB_BOX.width, height: THUMB_BOX.height };
  const scale = Math.min(1, THUMB_BOX.width / width, THUMB_BOX.height / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * A shared file: an image as its thumbnail (a click opens the lightbox), audio and video as players, anything else as
 * a download with its name and size; a caption under it. A file of this server is addressed by its id only; a link to
 * a file elsewhere must be http(s).
 */
export function fileBody(msg, me) {
  if (msg.deleted) return html`<p class="text muted deleted">This message was deleted.</p>`;
  const file = msg.file ?? {};
  const name = typeof file.name === 'string' && file.name ? file.name : 'file';
  if (typeof file.elsewhere === 'string') { // another site's file, over the bridge: not kept here
    return html`<div class="text file"><span class="file-card"><span class="file-link">📎 ${name}</span><span
      class="file-size muted">${Number.isFinite(file.size) ? ` · ${humanSize(file.size)}` : ''} · kept at site ${file.elsewhere}</span></span>${
      msg.text ? html`<div class="md file-caption">${draw(parseMessage(msg.text), me)}</div>` : null}</div>`;
  }
  const local = FILE_ID.test(file.id ?? '');
  const href = local ? `/api/files/${file.id}` : typeof file.url === 'string' && /^(https?:\/\/|\/(?!\/))/i.test(file.url) ? file.url : null;
  const size = Number.isFinite(file.size) ? humanSize(file.size) : '';
  const caption = msg.text ? html`<div class="md file-caption">${draw(parseMessage(msg.text), me)}</div>` : null;
  const link = href ? html`<a class="file-link" href=${href} download=${local ? name : undefined} target=${local ? undefined : '_blank'}
    rel="noopener noreferrer">📎 ${name}</a>` : html`<span class="file-link">📎 ${name}</span>`;
  const card = html`<span class="file-card">${link}${size ? html`<span class="file-size muted"> · ${size}</span>` : null}</span>`;
  if (local && FILE_ID.test(file.thumb ?? '')) {
    const box = thumbSize(file.width, file.height);
    return html`<div class="text file file-image-message">
      <button type="button" class="file-image" data-lightbox=${href} data-name=${name} aria-label=${`Open the picture ${name}`}>
        <img src=${`/api/files/${file.thumb}`} width=${box.width} height=${box.height} alt=${name} loading="lazy" />
      </button>${card}${caption}</div>`;
  }
  if (local && VIDEO.has(file.mime)) {
    return html`<div class="text file"><video class="file-video" controls preload="metadata" src=${href}></video>${card}${caption}</div>`;
  }
  if (local && AUDIO.has(file.mime)) {
    return html`<div class="text file"><audio class="file-audio" controls preload="metadata" src=${href}></audio>${card}${caption}</div>`;
  }
  return html`<div class="text file">${card}${caption}</div>`;
}

export function e2eBody(msg, me) {
  if (msg.e2eState === 'ok' && msg.file && typeof msg.file === 'object') {
    const caption = msg.text ? html`<div class="md file-caption">${draw(parseMessage(msg.text), me)}</div>` : null;
    return html`<${EncryptedFile} msg=${msg} box=${thumbSize(msg.file.width, msg.file.height)} caption=${caption} />`;
  }
  if (msg.e2eState === 'ok') return textBody(msg, me);
  return html`<p class="text muted e2e-placeholder">${msg.e2eState === 'failed'
    ? "🔒 can't decrypt this message (wrong passphrase or key, or it was changed; click the lock to retry)"
    : '🔒 encrypted message: enter the passphrase to read it'}</p>`;
}
