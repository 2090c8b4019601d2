//! What a run shows while it goes, on standard error: a progress bar on a terminal (created,
//! existing, failed, invalid, remaining, rate per minute), plain lines at most every second
//! otherwise (a log, a CI job). Never a password or the token: only counts, domains and the
//! Worker's error messages.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mimecast_sso::provision::Event;
use mimecast_sso_core::provisioning::Progress;

/// Least time between two plain progress lines.
const LINE_EVERY: Duration = Duration::from_secs(1);

/// The display of one run.
pub struct Display {
    bar: Option<ProgressBar>,
    batch_size: u16,
    terminal: bool,
    last_line: Option<Instant>,
    last: Option<Progress>,
}

impl Display {
    /// A bar when `terminal` (standard error is one), plain lines otherwise; batches of up to
    /// `batch_size` users.
    pub fn new(terminal: bool, batch_size: u16) -> Self {
        Self {
            bar: None,
            batch_size,
            terminal,
            last_line: None,
            last: None,
        }
    }

    /// Shows `event`.
    pub fn show(&mut self, event: Event<'_>) {
        match event {
            Event::FileRead { lines, invalid } => self.say(&format!(
                "{lines} lines read: {} to send, {invalid} invalid (listed in the report)",
                lines.saturating_sub(invalid)
            )),
            Event::Restored(lines) => self.say(&format!(
                "{lines} lines done in an earlier run (saved outcomes): not sent again"
            )),
            Event::Listing(listing) => {
                if self.terminal && self.bar.is_none() {
                    let spinner = ProgressBar::new_spinner();
                    spinner.enable_steady_tick(Duration::from_millis(120));
                    self.bar = Some(spinner);
                }
                if let Some(spinner) = &self.bar {
                    spinner.set_message(format!(
                        "listing the users of {} already in Mimecast: {} (page {})",
                        listing.domain(),
                        listing.addresses().len(),
                        listing.pages()
                    ));
                }
            }
            Event::Listed(domain) => {
                let mut text = format!(
                    "{}: {} users already in Mimecast ({} page(s) of get-internal-users)",
                    domain.domain, domain.found, domain.pages
                );
                if domain.truncated {
                    text.push_str("; the listing stopped at its page limit");
                }
                if let Some(problem) = &domain.problem {
                    text = format!(
                        "warning: {}: the users already in Mimecast could not be listed ({problem}); \
                         they will come back \"exists\"",
                        domain.domain
                    );
                }
                self.say(&text);
            }
            Event::Started { skipped, progress } => {
                if let Some(spinner) = self.bar.take() {
                    spinner.finish_and_clear();
                }
                if skipped > 0 {
                    self.say(&format!("{skipped} lines already in Mimecast: not sent"));
                }
                self.say(&format!(
                    "creating {} user(s): calls of up to {} users, up to {} calls at once",
                    progress.remaining, self.batch_size, progress.concurrency
                ));
                if self.terminal {
                    let bar = ProgressBar::with_draw_target(
                        Some(progress.total as u64),
                        ProgressDrawTarget::stderr_with_hz(4),
                    );
                    // Two lines: the bar, then the counts (cut to the terminal's width).
                    let style = ProgressStyle::with_template(
                        "{bar:40.cyan/blue} {pos}/{len} lines, {elapsed}\n{wide_msg}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar());
                    bar.set_style(style);
                    self.bar = Some(bar);
                }
                self.progress(progress, true);
            }
            Event::Progress(progress) => self.progress(progress, false),
            Event::Stopping { in_flight } => self.say(&format!(
                "stopping: nothing more is sent; waiting for the {in_flight} users in flight, then \
                 writing the report (Ctrl-C again quits at once, without the report)"
            )),
            _ => {}
        }
    }

    /// Clears the bar and prints the last counts (plain lines only).
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        } else if let Some(last) = self.last.take() {
            eprintln!("{}", counts(&last));
        }
    }

    fn progress(&mut self, progress: &Progress, force: bool) {
        match &self.bar {
            Some(bar) => {
                bar.set_message(counts(progress));
                bar.set_position(progress.processed as u64);
            }
            None => {
                let due = self.last_line.is_none_or(|at| at.elapsed() >= LINE_EVERY);
                if force || due {
                    eprintln!("{}", counts(progress));
                    self.last_line = Some(Instant::now());
                    self.last = None;
                } else {
                    self.last = Some(progress.clone());
                }
            }
        }
    }

    fn say(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }
}

/// `created 420, existing 10, failed 0, invalid 30, remaining 540, 2400/min`.
pub fn counts(p: &Progress) -> String {
    let mut text = format!(
        "created {}, existing {}, failed {}, invalid {}, remaining {}",
        p.created, p.skipped, p.failed, p.invalid, p.remaining
    );
    if p.not_sent > 0 {
        text.push_str(&format!(", not sent {}", p.not_sent));
    }
    text.push_str(&format!(", {:.0}/min", p.rate_per_minute));
    text
}
