// Sharing files: each file goes to POST /api/rooms/{room}/files as its raw body (XMLHttpRequest: fetch reports no
// upload progress), then the answer (a type:"file" envelope) is published to the room like any message. Several files
// upload one after another; each has its progress, a cancel, a clear error, and a retry that happens by itself when
// the connection comes back. Files over the server's limit are refused here, before a byte is sent.

/** "25 MB", "312 KB", "18 bytes" (units of 1024, like the server's). */
export function humanSize(bytes) {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Why a file cannot be sent at all, before uploading it (empty, or over max-file-bytes), or null. */
export function problemOf(file, limits = {}) {
  if (file.size === 0) return `“${file.name}” is empty.`;
  const max = limits.maxFileBytes;
  if (Number.isFinite(max) && file.size > max) {
    return `Too big: “${file.name}” is ${humanSize(file.size)}; files can be at most ${humanSize(max)}.`;
  }
  return null;
}

/** What to tell the user about a failed upload (`status` 0: the connection broke). */
export function failureText({ status, error, message }, room) {
  if (status === 0) return 'The connection broke off. It is tried again when the server is back.';
  switch (error) {
    case 'too_large': return `Too big: ${message}`;
    case 'over_quota': return `Over your quota: ${message}`;
    case 'unauthorized': return `Sign in to share files in ${room}.`;
    case 'forbidden': return `You can't post files in ${room}: ${message}`;
    case 'upload_header_required':
    case 'cross_origin': return `The server refused the upload: ${message}`;
    default: return message || `The upload failed (${status}).`;
  }
}

/**
 * Uploads a file with progress; resolves with the server's answer, rejects with {status, error, message} (status 0
 * when the connection broke or the upload was cancelled: `cancelled` tells which).
 */
export function xhrUpload(room, file, { onProgress, encrypted = false, body = file }) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    // an encrypted file's name travels sealed in its message: the server is told none
    const q = new URLSearchParams(encrypted ? { encrypted: 'true' } : { name: file.name });
    xhr.open('POST', `/api/rooms/${encodeURIComponent(room)}/files?${q}`);
    xhr.setRequestHeader('X-Parley-Upload', '1'); // the header a form on another site cannot send (CsrfGuard)
    xhr.setRequestHeader('Accept', 'application/json');
    if (!encrypted && file.type) xhr.setRequestHeader('Content-Type', file.type);
    else xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let json = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: described below
      }
      if (xhr.status === 201 && json?.type === 'file') resolve(json);
      else reject({ status: xhr.status, error: json?.error ?? `http_${xhr.status}`, message: json?.message ?? xhr.statusText });
    };
    xhr.onerror = () => reject({ status: 0, error: 'unreachable', message: 'the connection broke off' });
    xhr.onabort = () => reject({ status: 0, error: 'cancelled', message: 'cancelled', cancelled: true });
    xhr.send(body);
  });
  return { promise, abort: () => xhr.abort() };
}

let nextKey = 1;

/**
 * The uploads of this tab. `transport(room, file, {onProgress})` → {promise, abort} (xhrUpload in the browser);
 * `sent(room, answer)` publishes a finished upload; `changed()` redraws; `limits()` is /api/info's limits.
 */
export class Uploads {
  constructor({ transport = xhrUpload, sent, changed = () => {}, limits = () => ({}), prepare = null }) {
    this.transport = transport;
    this.sent = sent;
    this.changed = changed;
    this.limits = limits;
    this.prepare = prepare; // (room, file) → {body, encrypted, describe(answer)} for encrypted rooms, or null
    this.items = [];
    this.running = null;
  }

  /** Queues files for a room; ones that cannot be sent show their problem at once. */
  add(room, files) {
    for (const file of files) {
      const problem = problemOf(file, this.limits());
      this.items.push({ key: nextKey++, room, file, name: file.name, size: file.size, loaded: 0,
        state: problem ? 'failed' : 'queued', error: problem, retryable: false });
    }
    this.changed();
    this.next();
  }

  /** Starts the next queued upload when none is running. */
  next() {
    if (this.running) return;
    const item = this.items.find((i) => i.state === 'queued');
    if (!item) return;
    this.running = item;
    item.state = 'uploading';
    item.loaded = 0;
    this.changed();
    this.start(item).finally(() => {
      this.running = null;
      this.next();
    });
  }

  async start(item) {
    try {
      const prepared = this.prepare ? await this.prepare(item.room, item.file) : null;
      const job = this.transport(item.room, item.file, {
        body: prepared?.body ?? item.file,
        encrypted: !!prepared?.encrypted,
        onProgress: (loaded, total) => {
          item.loaded = loaded;
          item.total = total;
          this.changed();
        },
      });
      item.abort = job.abort;
      const answer = await job.promise;
      item.state = 'done';
      this.changed();
      await this.sent(item.room, prepared?.describe ? prepared.describe(answer) : answer);
      this.items = this.items.filter((i) => i !== item);
    } catch (e) {
      if (e?.cancelled) {
        this.items = this.items.filter((i) => i !== item);
      } else {
        item.state = 'failed';
        item.retryable = !e?.error || e.status === 0 || e.status >= 500;
        item.error = e?.error ? failureText(e, roomName(item.room)) : `The upload failed: ${e?.message ?? e}`;
      }
    } finally {
      item.abort = null;
      this.changed();
    }
  }

  cancel(key) {
    const item = this.items.find((i) => i.key === key);
    if (!item) return;
    if (item.state === 'uploading') item.abort?.();
    else this.items = this.items.filter((i) => i !== item);
    this.changed();
  }

  retry(key) {
    const item = this.items.find((i) => i.key === key && i.state === 'failed' && i.retryable);
    if (!item) return;
    item.state = 'queued';
    item.error = null;
    this.changed();
    this.next();
  }

  dismiss(key) {
    this.items = this.items.filter((i) => i.key !== key || i.state === 'uploading');
    this.changed();
  }

  /** The connection is back: uploads that broke off are sent again. */
  resume() {
    for (const item of this.items) {
      if (item.state === 'failed' && item.retryable) {
        item.state = 'queued';
        item.error = null;
      }
    }
    this.changed();
    this.next();
  }
}

const roomName = (room) => (room.startsWith('dm:') ? 'this conversation' : `#${room}`);
