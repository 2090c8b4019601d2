// Reading the users' CSV report (the CLI's and the Worker route's tests): its cells and its rows
// keyed by the header.

/** One CSV line's cells (double-quoted cells may hold commas and doubled quotes). */
export function cells(line) {
  const out = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      out.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  out.push(cell);
  return out;
}

/** The report's rows as objects keyed by its header. */
export function reportRows(report) {
  const [header, ...lines] = report.replace(/^\uFEFF/, '').trim().split('\r\n');
  const names = cells(header);
  return lines.map((l) => {
    const values = cells(l);
    return Object.fromEntries(names.map((n, i) => [n, values[i] ?? '']));
  });
}
