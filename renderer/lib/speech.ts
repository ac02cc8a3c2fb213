import type { Lang } from '../../core/i18n/messages';

/**
 * Read-aloud with the machine's own voices. Many laptops have no Vietnamese voice: then the button is not
 * offered at all, rather than reading Vietnamese with an English voice.
 */
export function voiceFor(lang: Lang): SpeechSynthesisVoice | null {
  const synth = globalThis.speechSynthesis;
  if (!synth) return null;
  return synth.getVoices().find((voice) => voice.lang.toLowerCase().startsWith(lang)) ?? null;
}

export function speak(text: string, lang: Lang): void {
  const voice = voiceFor(lang);
  if (!voice) return;
  globalThis.speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  utterance.rate = 0.9;
  globalThis.speechSynthesis.speak(utterance);
}
