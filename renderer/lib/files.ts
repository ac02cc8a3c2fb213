import { download } from './download';

/** A picked file's bytes (or a part of them) as base64, the way files cross the API (IPC and HTTP alike). */
export async function fileToBase64(file: Blob): Promise<string> {
  const buffer = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < buffer.length; i += 0x8000) binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Bytes that crossed the API as base64. */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Offers bytes from the main side as a file to save (a download in the browser, a save in Electron). */
export function saveBase64(fileName: string, base64: string, mime: string): void {
  download(new Blob([base64ToBytes(base64)], { type: mime }), fileName);
}
