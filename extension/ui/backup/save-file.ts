/** Saves text as a downloaded file from an extension page (a Blob URL and a temporary link). */
export function saveFile(name: string, mimeType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
