// Thumbnails made in the browser, for encrypted rooms, where the server only ever sees ciphertext and cannot make
// them: the picture drawn at most 400 × 400 (as the server's), EXIF orientation applied by the browser, as JPEG.
const BOX = 400;

/** `{bytes, width, height}` of a picture file (width/height: the picture's own, as shown), or null if it is not one. */
export async function thumbnailOf(file) {
  if (!/^image\/(png|jpeg|gif|webp)$/.test(file.type) || typeof createImageBitmap !== 'function') return null;
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null; // not decodable here: shared as a plain file
  }
  const scale = Math.min(1, BOX / bitmap.width, BOX / bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  const result = { bytes: new Uint8Array(await blob.arrayBuffer()), width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return result;
}
