import { useEffect, useState } from 'preact/hooks';

/** Copies `text` to the clipboard and says so; where the browser refuses, says how to copy by hand. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [said, setSaid] = useState<string | null>(null);
  useEffect(() => {
    if (said === null) return undefined;
    const timer = setTimeout(() => setSaid(null), 4000);
    return () => clearTimeout(timer);
  }, [said]);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid('Copied.');
    } catch {
      // No clipboard outside a secure context (plain HTTP), or permission denied.
      setSaid('This browser did not allow copying: select the text and copy it by hand.');
    }
  };
  return (
    <span class="copy">
      <button type="button" onClick={() => void copy()}>
        Copy<span class="visually-hidden"> {label}</span>
      </button>
      <span class="hint" role="status">
        {said}
      </span>
    </span>
  );
}
