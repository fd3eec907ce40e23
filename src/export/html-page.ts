import { createHash } from "node:crypto";
import { escapeHtml } from "./html-text.ts";

/** What a standalone page is made of; `body` is trusted HTML built by the exporters. */
export interface PageParts {
  readonly language: string;
  readonly title: string;
  readonly body: string;
  /** Inline stylesheet and script, allowed by their hashes in the page's CSP. */
  readonly style?: string;
  readonly script?: string;
  /** Stylesheets and scripts next to the page (SCORM and Common Cartridge), allowed as `'self'`. */
  readonly styleFiles?: readonly string[];
  readonly scriptFiles?: readonly string[];
  readonly bodyAttributes?: string;
}

function hash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * A complete HTML document under a strict Content Security Policy: nothing loads from the network,
 * only the page's own inline style and script run (by hash) or its packaged files (`'self'`), no
 * form is submitted anywhere and no plugin or frame loads.
 */
export function htmlPage(parts: PageParts): string {
  const styleSources = [
    ...(parts.style === undefined ? [] : [hash(parts.style)]),
    ...(parts.styleFiles?.length ? ["'self'"] : []),
  ];
  const scriptSources = [
    ...(parts.script === undefined ? [] : [hash(parts.script)]),
    ...(parts.scriptFiles?.length ? ["'self'"] : []),
  ];
  const policy = [
    "default-src 'none'",
    `style-src ${styleSources.join(" ") || "'none'"}`,
    `script-src ${scriptSources.join(" ") || "'none'"}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  return [
    "<!doctype html>",
    `<html lang="${escapeHtml(parts.language)}">`,
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(parts.title)}</title>`,
    ...(parts.style === undefined ? [] : [`<style>${parts.style}</style>`]),
    ...(parts.styleFiles ?? []).map((file) => `<link rel="stylesheet" href="${escapeHtml(file)}">`),
    "</head>",
    `<body${parts.bodyAttributes === undefined ? "" : ` ${parts.bodyAttributes}`}>`,
    parts.body,
    ...(parts.script === undefined ? [] : [`<script>${parts.script}</script>`]),
    ...(parts.scriptFiles ?? []).map((file) => `<script src="${escapeHtml(file)}"></script>`),
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
