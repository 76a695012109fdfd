//! Progress on standard error for steps that take longer than a second: a watcher thread
//! prints the current step once it has been running for a second. Silent when standard
//! error is not a terminal, or with `--quiet`.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The step in progress: its label, when it started, whether it was printed, and whether
/// the run is over.
struct State {
    label: String,
    since: Instant,
    printed: bool,
    done: bool,
}

/// Reports steps; drop it to stop the watcher.
pub struct Progress {
    state: Option<Arc<Mutex<State>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// A reporter that prints only when `enabled` and standard error is a terminal.
    pub fn new(enabled: bool) -> Progress {
        if !enabled || !std::io::stderr().is_terminal() {
            return Progress { state: None, thread: None };
        }
        let state = Arc::new(Mutex::new(State {
            label: String::new(),
            since: Instant::now(),
            printed: true,
            done: false,
        }));
        let watch = Arc::clone(&state);
        let thread = std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(100));
            let Ok(mut s) = watch.lock() else { return };
            if s.done {
                return;
            }
            if !s.printed && s.since.elapsed() >= Duration::from_secs(1) {
                eprintln!("varan: {} ...", s.label);
                s.printed = true;
            }
        });
        Progress { state: Some(state), thread: Some(thread) }
    }

    /// A new step starts.
    pub fn step(&self, label: &str) {
        if let Some(state) = &self.state {
            if let Ok(mut s) = state.lock() {
                s.label = label.to_string();
                s.since = Instant::now();
                s.printed = false;
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(state) = &self.state {
            if let Ok(mut s) = state.lock() {
                s.done = true;
            }
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
