import { inlineCode } from './openapi-read.js';

/** Prose from the document: paragraphs and lines kept, `backticks` as code; never HTML. */
export function DocText({ value, className }: { value: string; className?: string }) {
  if (!value.trim()) return null;
  return (
    <div className={`docs-text ${className ?? ''}`}>
      {value.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>
          {paragraph.split('\n').map((line, lineIndex) => (
            <span key={lineIndex} className="docs-line">
              {inlineCode(line).map((part, partIndex) => (part.code ? <code key={partIndex}>{part.text}</code> : part.text))}
            </span>
          ))}
        </p>
      ))}
    </div>
  );
}

/** A JSON value, pretty-printed; long ones scroll inside their box. */
export function JsonBlock({ value, label }: { value: unknown; label?: string }) {
  return (
    <pre className="docs-json" aria-label={label}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
