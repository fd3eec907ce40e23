import Markdown, { type Components } from "react-markdown";

const safeProtocols = /^(https?:|mailto:)/i;

/**
 * Keeps a URL only when it is http(s), mailto, a fragment or a relative path; anything else
 * (`javascript:`, `data:`, `vbscript:`, obfuscated variants) is dropped.
 */
export function safeUrl(url: string): string | undefined {
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"): so must we.
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  if (compact === "") return undefined;
  if (compact.startsWith("#") || compact.startsWith("/") || compact.startsWith("./") || compact.startsWith("../"))
    return compact.startsWith("//") ? undefined : url;
  const colon = compact.indexOf(":");
  const slash = compact.indexOf("/");
  // No scheme at all (e.g. "page.html"): a relative link.
  if (colon === -1 || (slash !== -1 && slash < colon)) return url;
  return safeProtocols.test(compact) ? url : undefined;
}

const components: Components = {
  a: ({ href, children }) =>
    href === undefined || href === "" ? (
      <span className="dropped-link">{children}</span>
    ) : (
      <a href={href} rel="noopener noreferrer nofollow ugc" target={href.startsWith("#") ? undefined : "_blank"}>
        {children}
      </a>
    ),
  // Generated text may point at images anywhere (tracking, mixed content): show their description instead.
  img: ({ alt }) => <span className="image-placeholder">[image{alt ? `: ${alt}` : ""}]</span>,
  h1: ({ children }) => <h4>{children}</h4>,
  h2: ({ children }) => <h4>{children}</h4>,
  h3: ({ children }) => <h5>{children}</h5>,
};

/**
 * Renders generated (untrusted) Markdown: raw HTML is skipped entirely, unsafe URLs are removed,
 * images become text. Nothing in it can run script, even before the Content-Security-Policy.
 */
export function SafeMarkdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <Markdown skipHtml urlTransform={(url) => safeUrl(url) ?? ""} components={components}>
        {children}
      </Markdown>
    </div>
  );
}
