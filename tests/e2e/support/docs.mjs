// Reading the project's Markdown docs (README.md, docs/*.md) for the tests that keep them true:
// fenced blocks with their language and attributes, links, and headings as GitHub anchors them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './worker.mjs';

/** The Markdown files whose examples and links are tested, relative to the root. */
export function docFiles() {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

/** The text of a file relative to the root. */
export const readDoc = (file) => readFileSync(join(root, file), 'utf8');

/**
 * The fenced blocks of a Markdown text, in order: `{ lang, attrs, body, line }`. The info string
 * is the language and then `name=value` attributes (```` ```html file=www/embed-example.html ````);
 * GitHub shows the block with the language's highlighting and ignores the rest.
 */
export function fencedBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = lines[i].match(/^( {0,3})(`{3,}|~{3,})\s*(.*)$/);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j += 1) {
      const close = lines[j].match(/^ {0,3}(`{3,}|~{3,})\s*$/);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    const [lang = '', ...rest] = info.trim().split(/\s+/).filter(Boolean);
    const attrs = Object.fromEntries(rest.map((word) => {
      const at = word.indexOf('=');
      return at < 0 ? [word, true] : [word.slice(0, at), word.slice(at + 1)];
    }));
    blocks.push({ lang, attrs, body: body.join('\n'), line: i + 1 });
    i = j;
  }
  return blocks;
}

/** The text outside fenced blocks (links and headings live there). */
export function prose(text) {
  const lines = text.split('\n');
  const inside = new Set();
  for (const block of fencedBlocks(text)) {
    const count = block.body.split('\n').length;
    for (let k = block.line - 1; k <= block.line + count; k += 1) inside.add(k);
  }
  return lines.map((line, k) => (inside.has(k) ? '' : line)).join('\n');
}

/** Markdown links and images of a text (their text may span lines), code spans left out: `{ target, line }`. */
export function links(text) {
  const plain = prose(text).replace(/`[^`\n]*`/g, (span) => span.replace(/[^\n]/g, ' '));
  return [...plain.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => ({
    target: match[1],
    line: plain.slice(0, match.index).split('\n').length,
  }));
}

/** The anchors GitHub gives a text's headings (`## Who may call \`x\`` → `who-may-call-x`). */
export function anchors(text) {
  const seen = new Map();
  const result = new Set();
  for (const line of prose(text).split('\n')) {
    const heading = line.match(/^#{1,6}\s+(.*?)\s*#*\s*$/);
    if (!heading) continue;
    const slug = heading[1]
      .replace(/`/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    result.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return result;
}

/**
 * Whether `block`'s lines appear, in order, among `file`'s lines (each compared trimmed, blank
 * lines ignored): a docs example quoted from a file that a test runs.
 */
export function quotedFrom(block, fileText) {
  const want = block.split('\n').map((l) => l.trim()).filter(Boolean);
  const have = fileText.split('\n').map((l) => l.trim());
  let at = 0;
  for (const line of want) {
    at = have.indexOf(line, at);
    if (at < 0) return { ok: false, missing: line };
    at += 1;
  }
  return { ok: true };
}

/** The page whose HTTP examples docs.test.mjs sends to a Worker. */
export const API_DOC = 'docs/api.md';

/** The page whose HTML, JavaScript and TypeScript examples embed-example.test.mjs runs. */
export const EMBEDDING_DOC = 'docs/embedding.md';

/**
 * The attribute each HTML, JavaScript or TypeScript block of the embedding page carries, saying
 * how embed-example.test.mjs tests it: `file=PATH` (quoted from a file the test loads),
 * `embed=element|mount|iframe` (put in a host page, which must show the helper), `run=page` (run
 * in the hosted page, each `expr; // value` line checked).
 */
export const EMBEDDING_ATTRS = ['file', 'embed', 'run'];
