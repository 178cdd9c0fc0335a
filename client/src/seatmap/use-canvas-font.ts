import { useEffect, useState, useSyncExternalStore } from 'react';

export interface CanvasFont {
  family: string;
  /** False until the faces that draw `text` are loaded; a changed value remounts the Konva text. */
  loaded: boolean;
}

/**
 * The page's own font stack for text drawn on the canvas: Konva's default (Arial) has no Thai or
 * CJK glyphs on many systems. Web fonts load on demand (by unicode-range), and a canvas does not
 * ask for them, so the faces `text` needs are loaded here and the text drawn again once they are.
 */
export function useCanvasFont(text: string, language: string): CanvasFont {
  const family = useSyncExternalStore(subscribeToPageLanguage, pageFontFamily);
  const [loadedFor, setLoadedFor] = useState<string>();
  const key = `${language}:${family}:${text}`;
  useEffect(() => {
    let cancelled = false;
    document.fonts
      .load(`bold 16px ${family}`, text)
      .catch(() => [])
      .then(() => {
        if (!cancelled) setLoadedFor(key);
      });
    return () => {
      cancelled = true;
    };
  }, [key, family, text]);
  return { family, loaded: loadedFor === key };
}

/** The stack depends on `<html lang>` (base.css): it is read again whenever that changes. */
function pageFontFamily(): string {
  return getComputedStyle(document.documentElement).fontFamily || 'sans-serif';
}

function subscribeToPageLanguage(listener: () => void): () => void {
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  return () => observer.disconnect();
}
