//! The verdicts of `cargo xtask load`: no 5xx of the Worker's own (a 5xx the simulator sent and
//! the Worker passed on is not one; 429 is a rate limit, not an error), every answer 2xx or 429, no
//! socket errors or timeouts, and the Worker still answering after every run.

use super::{Outcome, Server, report};

/// A check and its verdict.
pub struct Check {
    /// What is checked.
    pub name: &'static str,
    /// Whether it held.
    pub pass: bool,
    /// Where it did not: `run: what`, `; `-separated.
    pub detail: String,
}

/// The checks over every run.
pub fn all(outcomes: &[Outcome]) -> Vec<Check> {
    let check = |name, f: &dyn Fn(&Outcome) -> Option<String>| {
        let found: Vec<String> = outcomes
            .iter()
            .filter_map(|o| f(o).map(|what| format!("{}: {what}", o.run.slug)))
            .collect();
        Check {
            name,
            pass: found.is_empty(),
            detail: found.join("; "),
        }
    };
    vec![
        check(
            "no 5xx from the Worker (5xx passed on from the simulator aside)",
            &|o| {
                if o.run.server == Server::Simulator {
                    return None;
                }
                let all = o.measured.count(|s| s >= 500);
                let passed_on = o.simulator.map_or(0, |s| s.server_errors);
                let own = all.saturating_sub(passed_on);
                (own > 0).then(|| format!("{own} (of {all} 5xx)"))
            },
        ),
        check("every answer 2xx, or 429 (a rate limit)", &|o| {
            let other = o.measured.count(|s| !(200..300).contains(&s) && s != 429);
            (other > 0).then(|| format!("{other} other ({})", report::statuses(&o.measured)))
        }),
        check("no socket errors or timeouts", &|o| {
            (o.measured.socket_errors() > 0).then(|| report::socket_errors(&o.measured))
        }),
        check("the Worker still answers after every run", &|o| {
            o.worker_died
                .then(|| "wrangler dev exited during the run".to_owned())
        }),
    ]
}
