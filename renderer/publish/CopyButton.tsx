import { useState } from 'react';
import { Icon } from '../theme/icons.js';

/** How long the button says "Copied". */
const COPIED_MS = 1500;

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), COPIED_MS);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button type="button" className="btn btn-sm" onClick={() => void copy()} aria-label={`${label}: ${text}`}>
      <Icon name={copied ? 'check' : 'copy'} /> {copied ? 'Copied' : label}
    </button>
  );
}
