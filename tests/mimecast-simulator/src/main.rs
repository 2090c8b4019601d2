//! `mimecast-simulator [--port N]`: serves the simulated Mimecast API on `127.0.0.1:N` (0 or no
//! argument picks a free port) and prints `mimecast-simulator listening on http://127.0.0.1:PORT`.
#![forbid(unsafe_code)]
#![warn(missing_docs, clippy::unwrap_used)]

use std::io::Write;
use std::process::ExitCode;

use mimecast_simulator::server::Simulator;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let port = match args.as_slice() {
        [] => Ok(0),
        [flag, value] if flag == "--port" => value.parse::<u16>().map_err(|_| ()),
        _ => Err(()),
    };
    let Ok(port) = port else {
        eprintln!("usage: mimecast-simulator [--port N]   (0 picks a free port)");
        return ExitCode::from(2);
    };
    let simulator = match Simulator::bind(port) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("mimecast-simulator: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(addr) = simulator.addr() else {
        eprintln!("mimecast-simulator: no address");
        return ExitCode::FAILURE;
    };
    println!("mimecast-simulator listening on http://{addr}");
    let _ = std::io::stdout().flush();
    simulator.run();
    println!("mimecast-simulator stopped");
    ExitCode::SUCCESS
}
