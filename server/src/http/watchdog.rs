//! One thread that kills query workers past their deadline. A thread per query (started and
//! joined around each one) cost more than a small query's evaluation; arming and disarming
//! here is a lock and a push or a removal.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the thread sleeps at most between looks. A deadline is met to the millisecond
/// when the query runs longer than this (the thread then sleeps until the deadline itself),
/// else within this.
const TICK: Duration = Duration::from_millis(100);

struct Entry {
    ticket: u64,
    pid: libc::pid_t,
    at: Instant,
    killed: bool,
}

#[derive(Default)]
struct Table {
    next: u64,
    armed: Vec<Entry>,
}

pub struct Watchdog {
    table: Mutex<Table>,
}

impl Watchdog {
    /// The watchdog and its thread, which ends once the watchdog is dropped.
    pub fn start() -> Arc<Watchdog> {
        let w = Arc::new(Watchdog {
            table: Mutex::new(Table::default()),
        });
        let weak = Arc::downgrade(&w);
        std::thread::Builder::new()
            .name("query-watchdog".into())
            .spawn(move || {
                while let Some(w) = weak.upgrade() {
                    let sleep = w.kill_overdue();
                    drop(w);
                    std::thread::sleep(sleep);
                }
            })
            .expect("start the query watchdog thread");
        w
    }

    /// Kill process `pid` once `deadline` from now has passed, unless disarmed first (when
    /// the guard is dropped, at the latest: the caller must not reap `pid` before that).
    pub fn arm(&self, pid: libc::pid_t, deadline: Duration) -> Armed<'_> {
        let mut t = self.table.lock().unwrap_or_else(|e| e.into_inner());
        t.next += 1;
        let ticket = t.next;
        t.armed.push(Entry {
            ticket,
            pid,
            at: Instant::now() + deadline,
            killed: false,
        });
        Armed { dog: self, ticket }
    }

    /// Stop watching; true when the process was killed for its deadline.
    fn remove(&self, ticket: u64) -> bool {
        let mut t = self.table.lock().unwrap_or_else(|e| e.into_inner());
        match t.armed.iter().position(|a| a.ticket == ticket) {
            Some(i) => t.armed.swap_remove(i).killed,
            None => false,
        }
    }

    /// Kill what is overdue; how long to sleep until the next deadline (at most `TICK`).
    fn kill_overdue(&self) -> Duration {
        let now = Instant::now();
        let mut sleep = TICK;
        let mut t = self.table.lock().unwrap_or_else(|e| e.into_inner());
        for a in t.armed.iter_mut().filter(|a| !a.killed) {
            if a.at <= now {
                // SAFETY: kill takes a pid and a signal; an armed worker is not reaped
                // before it is disarmed (under this lock), so the pid is still ours.
                unsafe { libc::kill(a.pid, libc::SIGKILL) };
                a.killed = true;
            } else {
                sleep = sleep.min(a.at - now);
            }
        }
        sleep
    }
}

/// A process being watched.
pub struct Armed<'a> {
    dog: &'a Watchdog,
    ticket: u64,
}

impl Armed<'_> {
    /// Stop watching; true when the process was killed for its deadline.
    pub fn disarm(self) -> bool {
        self.dog.remove(self.ticket)
    }
}

impl Drop for Armed<'_> {
    fn drop(&mut self) {
        self.dog.remove(self.ticket);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_past_its_deadline_is_killed_and_one_disarmed_in_time_is_not() {
        let w = Watchdog::start();
        let mut slow = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let mut quick = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let a_slow = w.arm(slow.id() as libc::pid_t, Duration::from_millis(50));
        let a_quick = w.arm(quick.id() as libc::pid_t, Duration::from_secs(60));
        let dropped = w.arm(quick.id() as libc::pid_t, Duration::from_millis(10));
        drop(dropped);
        let status = slow.wait().unwrap();
        assert!(a_slow.disarm(), "reported as killed");
        assert!(!status.success());
        std::thread::sleep(Duration::from_millis(150));
        assert!(!a_quick.disarm(), "not killed, nor by the dropped guard");
        assert!(quick.try_wait().unwrap().is_none(), "still running");
        quick.kill().unwrap();
        quick.wait().unwrap();
    }
}
