//! At most `MAX_RUNNING` SPARQL queries evaluate at once; the next ones wait up to
//! `QUEUE_WAIT` for a slot (a short burst gets answers, not 503s) and then answer 503
//! instead of piling up.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

pub const MAX_RUNNING: usize = 8;
pub const QUEUE_WAIT: Duration = Duration::from_secs(2);

pub struct Slots {
    running: Mutex<usize>,
    freed: Condvar,
}

/// The slots of this process.
pub static SLOTS: Slots = Slots::new();

impl Default for Slots {
    fn default() -> Slots {
        Slots::new()
    }
}

impl Slots {
    pub const fn new() -> Slots {
        Slots {
            running: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Take a slot, waiting up to `wait` for one; false when none came free.
    pub fn acquire(&self, wait: Duration) -> bool {
        let deadline = Instant::now() + wait;
        let mut n = self.running.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= MAX_RUNNING {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            n = self
                .freed
                .wait_timeout(n, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        *n += 1;
        true
    }

    pub fn release(&self) {
        *self.running.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        self.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_waits_for_a_free_slot_then_gives_up() {
        let slots = Slots::new();
        for _ in 0..MAX_RUNNING {
            assert!(slots.acquire(Duration::ZERO));
        }
        assert!(!slots.acquire(Duration::from_millis(20)), "all busy");
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(50));
                slots.release();
            });
            assert!(
                slots.acquire(Duration::from_secs(5)),
                "a freed slot is taken"
            );
        });
    }
}
