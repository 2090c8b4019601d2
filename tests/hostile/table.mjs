// The hostile-input table as markdown (tests/hostile/TABLE.md): one line per row, what was
// expected and what was observed, how long it took, and why a row failed.

const WHERE = ['page', 'wasm', 'api', 'cli'];

/** A cell: no line breaks, pipes escaped, at most `max` characters. */
function cell(text, max = 140) {
  const flat = String(text ?? '').replace(/\s+/g, ' ').replaceAll('|', '\\|').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `expect` with the status or exit code the row asks for (a list: any of them). */
function expectedText(row) {
  const expect = [row.expect].flat();
  const status = [row.status].flat();
  return expect.map((code, i) => {
    if (row.status !== undefined) return `${code} (${status[i] ?? status[0]})`;
    if (row.exit !== undefined) return `${code} (exit ${row.exit})`;
    return code;
  }).join('` or `');
}

/** The markdown of `rows` with their `results` (a Map by id; a row without one did not run). */
export function table(rows, results, { budgetMs, seconds }) {
  const counts = WHERE.map((where) => `${rows.filter((r) => r.where === where).length} ${where}`).join(', ');
  const asserted = (r) => !r.inFlux && !r.known;
  const failed = rows.filter((r) => asserted(r) && results.get(r.id)?.problems?.length > 0).length;
  const lines = [
    '# Hostile inputs',
    '',
    'Written by `tests/e2e/hostile.test.mjs` (run by `cargo xtask test`, or alone: `node --test',
    'tests/e2e/hostile.test.mjs` after `cargo xtask build`) from the rows of',
    '[`inputs.mjs`](inputs.mjs), each given where an admin or a caller would give it:',
    '',
    '- **page**: the hosted page in Chromium (pasted into the certificate field, dropped on it, the',
    '  metadata file, the users CSV file of step 7 and its downloaded report, the SAML response of',
    '  step 8); the time runs in the page from the event the page reacts to (`input`, `drop`,',
    '  `change`, `click`) until the step stopped changing;',
    '- **wasm**: the functions of `www/pkg/mimecast_sso_web.js` in Node (`initSync`); the time of the call;',
    '- **api**: HTTP to the Worker under `wrangler dev` (with the Mimecast simulator behind it);',
    '  the time of the round trip;',
    '- **cli**: `target/debug/mimecast-sso`; the time from start to exit.',
    '',
    `A row fails when the observed code, HTTP status or exit code differs from the expected one,`,
    `when something panicked (a Rust panic in the console or on stderr, a Worker 500 or`,
    `\`internal.error\`, exit 101), when a private key's base64 shows up anywhere the input made`,
    `visible (answer, message, console, page, storage, requests, logs), or when it took more than`,
    `${budgetMs} ms (a row over the budget is run once more, and its second time counts: this checkout's`,
    'machine is shared). Rows marked *in flux* (another change in progress decides them) and *known*',
    '(a bug reported, not fixed yet) are recorded, not asserted; their notes are under the table.',
    'The file is written again on every run (times differ from run to run); the test fails on the',
    'rows, not on a difference from the committed file.',
    '',
    `${rows.length} rows (${counts}); ${failed} failed; ${seconds.toFixed(1)} s.`,
    '',
    '| # | id | where | input | expected | observed | ms | |',
    '|---|---|---|---|---|---|--:|---|',
  ];
  rows.forEach((row, index) => {
    const result = results.get(row.id);
    const wrong = result?.problems?.length > 0 ? ` ${cell(result.problems.join('; '), 200)}` : '';
    let mark = wrong ? `✗${wrong}` : '✓';
    if (!result) mark = 'not run';
    else if (row.inFlux) mark = `in flux¹${wrong ? ':' : ''}${wrong}`;
    else if (row.known) mark = `known²${wrong ? ':' : ' (now passes)'}${wrong}`;
    if (row.note) mark += ' ³';
    const observed = result ? [result.code, result.detail].filter(Boolean).join('; ') : '';
    const ms = result
      ? (result.firstMs === undefined ? Math.round(result.ms) : `${Math.round(result.firstMs)} → ${Math.round(result.ms)}`)
      : '';
    lines.push(`| ${index + 1} | \`${row.id}\` | ${row.where} | ${cell(row.input)} | \`${expectedText(row)}\` | ${cell(observed)} | ${ms} | ${mark} |`);
  });
  const notes = [
    ['¹ In flux', (r) => r.inFlux],
    ['² Known, reported', (r) => r.known],
    ['³ Notes', (r) => r.note],
  ];
  for (const [title, text] of notes) {
    const noted = rows.filter(text);
    if (noted.length === 0) continue;
    lines.push('', `${title}:`, '');
    for (const row of noted) lines.push(`- \`${row.id}\`: ${text(row)}.`);
  }
  return `${lines.join('\n')}\n`;
}
