import { send } from './api';
import { notices } from './notices.svelte';
import { fileToBase64 } from './files';
import { MAX_IMAGE_BYTES } from '../../core/survey/images';

/** Pictures come from the project file once, then stay as object URLs for the session. */
const urls = new Map<string, Promise<string | null>>();

export function imageUrl(name: string): Promise<string | null> {
  let url = urls.get(name);
  if (!url) {
    url = send('survey/image', { name }).then((result) => {
      if (!result.ok) return null;
      const bytes = Uint8Array.from(atob(result.value.base64), (c) => c.charCodeAt(0));
      return URL.createObjectURL(new Blob([bytes], { type: result.value.mime }));
    });
    urls.set(name, url);
  }
  return url;
}

/** Reads a picked file and stores it in the project; returns its name there, or null (the error is shown). */
export async function uploadImage(file: File): Promise<string | null> {
  if (file.size > MAX_IMAGE_BYTES) {
    // Said before sending megabytes for nothing; the main side checks again.
    const params = { file: file.name, max: MAX_IMAGE_BYTES / 1024 / 1024 };
    notices.error = { code: 'media.tooLarge', params, message: '' };
    return null;
  }
  const stored = notices.take(await send('survey/addImage', { fileName: file.name, base64: await fileToBase64(file) }));
  return stored?.name ?? null;
}
