//! Reads criterion's estimates after a run and prints each peer's time as a ratio to ours.

use std::path::Path;

use crate::root;

/// Prints `group`'s mean times and `peer / ours` for every benchmark in it.
pub fn print_ratios(group: &str, ours: &str) {
    let dir = root().join("target/criterion").join(group);
    let Some(our_mean) = mean_ns(&dir.join(ours)) else {
        println!("bench: no estimate for {group}/{ours}");
        return;
    };
    println!("\n{group}: mean time per call, and how many times our time each peer takes");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok()).collect())
        .unwrap_or_default();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "report" {
            continue;
        }
        if let Some(mean) = mean_ns(&entry.path()) {
            println!(
                "  {name:<24} {:>12}   {:>8.2}x",
                human(mean),
                mean / our_mean
            );
        }
    }
}

/// The `mean.point_estimate` (nanoseconds) of a benchmark's latest run.
fn mean_ns(bench_dir: &Path) -> Option<f64> {
    let text = std::fs::read_to_string(bench_dir.join("new/estimates.json")).ok()?;
    let after = &text[text.find("\"mean\"")?..];
    let value = &after[after.find("\"point_estimate\":")? + "\"point_estimate\":".len()..];
    let end = value.find([',', '}'])?;
    value[..end].trim().parse().ok()
}

fn human(ns: f64) -> String {
    match ns {
        n if n >= 1e9 => format!("{:.2} s", n / 1e9),
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.1} µs", n / 1e3),
        n => format!("{n:.0} ns"),
    }
}
