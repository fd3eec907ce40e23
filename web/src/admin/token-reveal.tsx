import { useEffect, useId, useRef, useState } from "react";

/** A new API token, shown once, with a copy button. Focus moves here so that it is not missed. */
export function TokenReveal({ email, token, onDone }: { email: string; token: string; onDone: () => void }) {
  const [copied, setCopied] = useState<"copied" | "failed" | undefined>();
  const inputId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => headingRef.current?.focus(), [token]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied("copied");
    } catch {
      // No clipboard permission (or not a secure context): select it for Ctrl+C instead.
      inputRef.current?.select();
      setCopied("failed");
    }
  };

  return (
    <section className="card admin-token" aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`} tabIndex={-1} ref={headingRef}>
        New token for {email}
      </h2>
      <p>Copy it now and hand it over safely: it is shown only this once. Courseforge keeps only its hash.</p>
      <label htmlFor={inputId}>API token</label>
      <div className="admin-token-row">
        <input
          id={inputId}
          ref={inputRef}
          readOnly
          value={token}
          spellCheck={false}
          className="admin-mono"
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="primary" onClick={copy}>
          Copy
        </button>
      </div>
      <p role="status" className="admin-muted">
        {copied === "copied"
          ? "Copied to the clipboard."
          : copied === "failed"
            ? "Copying is not allowed here: the token is selected, press Ctrl+C (⌘C)."
            : ""}
      </p>
      <button type="button" onClick={onDone}>
        Done, hide it
      </button>
    </section>
  );
}
