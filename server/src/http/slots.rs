//! At most [`max_running`] SPARQL queries evaluate at once; the next ones wait up to
//! `QUEUE_WAIT` for a slot (a short burst gets answers, not 503s) and then answer 503
//! instead of piling up. Blocking threads wait on a condition variable, the event loop's
//! handlers on a `Notify` (no thread held while waiting).

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// Queries evaluating at once: twice the cores, 2 to 8. More only add worker processes,
/// each with its own store cache, competing for the same cores (on 2 cores, 4 slots served
/// 16 connections at Oxigraph's rate where 8 fell to 0.8 of it: docs/performance.md).
pub fn max_running() -> usize {
    static N: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *N.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(4, |n| n.get());
        (cores * 2).clamp(2, 8)
    })
}
pub const QUEUE_WAIT: Duration = Duration::from_secs(2);

struct Counts {
    running: usize,
    /// Blocking threads waiting on `freed` (a release wakes the condition variable only
    /// then: a futex call per query otherwise).
    sleeping: usize,
}

pub struct Slots {
    running: Mutex<Counts>,
    freed: Condvar,
    freed_async: tokio::sync::Notify,
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
            running: Mutex::new(Counts {
                running: 0,
                sleeping: 0,
            }),
            freed: Condvar::new(),
            freed_async: tokio::sync::Notify::const_new(),
        }
    }

    /// Take a slot if one is free now.
    fn try_acquire(&self) -> bool {
        let mut n = self.running.lock().unwrap_or_else(|e| e.into_inner());
        if n.running >= max_running() {
            return false;
        }
        n.running += 1;
        true
    }

    /// `acquire` for async handlers: the slot is held until the guard is dropped. Dropping
    /// the future while it waits takes nothing (a wake-up it got passes to the next waiter).
    pub async fn acquire_async(&'static self, wait: Duration) -> Option<Slot> {
        let take = async {
            loop {
                // Registered before looking, so a slot freed in between wakes us.
                let freed = self.freed_async.notified();
                tokio::pin!(freed);
                freed.as_mut().enable();
                if self.try_acquire() {
                    return Slot(self);
                }
                freed.await;
            }
        };
        // A free slot is taken at once, without a timer.
        match tokio::time::timeout(wait, take).await {
            Ok(slot) => Some(slot),
            // `then`, not `then_some`: a guard built and dropped would free a slot it never took.
            Err(_) => self.try_acquire().then(|| Slot(self)),
        }
    }

    /// Take a slot, waiting up to `wait` for one; false when none came free.
    pub fn acquire(&self, wait: Duration) -> bool {
        let deadline = Instant::now() + wait;
        let mut n = self.running.lock().unwrap_or_else(|e| e.into_inner());
        while n.running >= max_running() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            n.sleeping += 1;
            n = self
                .freed
                .wait_timeout(n, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
            n.sleeping -= 1;
        }
        n.running += 1;
        true
    }

    pub fn release(&self) {
        let sleeping = {
            let mut n = self.running.lock().unwrap_or_else(|e| e.into_inner());
            n.running -= 1;
            n.sleeping
        };
        if sleeping > 0 {
            self.freed.notify_one();
        }
        // One async waiter looks again (waking them all costs more than the query).
        self.freed_async.notify_one();
    }
}

/// A slot held by an async handler, released when dropped.
pub struct Slot(&'static Slots);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.release();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_waits_for_a_free_slot_then_gives_up() {
        let slots = Slots::new();
        for _ in 0..max_running() {
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

    #[test]
    fn an_async_query_waits_for_a_free_slot_then_gives_up() {
        let slots: &'static Slots = Box::leak(Box::new(Slots::new()));
        actix_web::rt::System::new().block_on(async {
            let mut held = Vec::new();
            for _ in 0..max_running() {
                held.push(
                    slots
                        .acquire_async(Duration::ZERO)
                        .await
                        .expect("a free slot"),
                );
            }
            assert!(slots
                .acquire_async(Duration::from_millis(20))
                .await
                .is_none());
            let freer = std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                drop(held);
            });
            let slot = slots.acquire_async(Duration::from_secs(5)).await;
            assert!(slot.is_some(), "a freed slot is taken");
            freer.join().unwrap();
        });
        assert_eq!(
            slots.running.lock().unwrap().running,
            0,
            "every slot given back"
        );
    }
}
