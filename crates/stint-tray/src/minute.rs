//! The minute's tick, from one kernel timer (a timerfd) armed on the wall clock's minutes: the
//! tray's event loop wakes once a minute, on the minute, and not otherwise while idle. Tokio's own
//! timers keep a sleep of a minute in coarse slots of its timer wheel and wake once or twice
//! before it is due to move it to finer ones (measured here: two seconds before each tick, a second
//! burst of wake-ups a minute). The timer is armed for the time left to the clock's next minute
//! and again at each tick, so a clock that was set is followed from the next tick on; it counts
//! time asleep (`CLOCK_BOOTTIME`), so a minute overdue at resume ticks at once.
//!
//! A small thread blocks on the timer and hands each tick to the loop (so no file descriptor is
//! registered with tokio's reactor, which takes `unsafe` since tokio 1.54). The delay is relative,
//! from the clock as the process reads it (libfaketime's clock in the tests at a night hour).

use std::os::fd::OwnedFd;
use std::time::{SystemTime, UNIX_EPOCH};

use rustix::io::Errno;
use rustix::time::{
    timerfd_create, timerfd_settime, Itimerspec, TimerfdClockId, TimerfdFlags, TimerfdTimerFlags, Timespec,
};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

/// Ticks at the start of each minute of the clock, from the next one on.
pub fn ticks() -> std::io::Result<UnboundedReceiver<()>> {
    let fd = timerfd_create(TimerfdClockId::Boottime, TimerfdFlags::CLOEXEC)?;
    arm(&fd)?;
    let (tx, rx) = unbounded_channel();
    std::thread::Builder::new().name("stint-minute".into()).stack_size(64 << 10).spawn(move || {
        let mut expirations = [0u8; 8];
        loop {
            match rustix::io::read(&fd, &mut expirations) {
                Ok(_) => {}
                Err(Errno::INTR) => continue,
                Err(e) => {
                    tracing::warn!(error = %e, "the minute's timer failed");
                    return;
                }
            }
            if tx.send(()).is_err() {
                return;
            }
            if let Err(e) = arm(&fd) {
                tracing::warn!(error = %e, "could not arm the minute's timer again");
                return;
            }
        }
    })?;
    Ok(rx)
}

/// Fires once, at the start of the clock's next minute (a few milliseconds after, so the clock
/// then reads the new minute).
fn arm(fd: &OwnedFd) -> std::io::Result<()> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let into = now.as_millis() % 60_000;
    let left = u64::try_from(60_000 - into).unwrap_or(60_000) + 5;
    let once = Itimerspec {
        it_interval: Timespec { tv_sec: 0, tv_nsec: 0 },
        it_value: Timespec { tv_sec: (left / 1000) as i64, tv_nsec: ((left % 1000) * 1_000_000) as i64 },
    };
    timerfd_settime(fd, TimerfdTimerFlags::empty(), &once)?;
    Ok(())
}
