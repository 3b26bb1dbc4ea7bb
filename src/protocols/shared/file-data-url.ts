import type { InlineFile } from '../../core/adapter-contract.ts';

/** The `data:` URL the OpenAI-style protocols (OpenAI, Mistral) take an inline picture as. */
export function fileDataUrl(image: InlineFile): string {
  return `data:${image.mediaType};base64,${image.base64}`;
}
