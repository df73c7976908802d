//! The server's end of a query worker's socket, read on the HTTP thread's event loop: a
//! query then costs two wake-ups (the worker's and the answer's), not the four of a blocking
//! thread between the request and the worker. The socket is registered for reads only, for
//! one request, and handed back afterwards (a worker serves any thread): with write interest
//! too, the worker's reading our request would wake this thread once more per query (an
//! edge-triggered "writable"), and a fresh registration would need a turn of the event loop
//! before the first write.

use crate::core::app::App;
use crate::core::sparql_fns::Sources;
use crate::core::sparql_worker::{CallAnswer, FromWorker, Reply, Request};
use actix_web::web::{self, Bytes, BytesMut};
use std::io::{Error, ErrorKind, Result, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream as StdStream;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::unix::AsyncFd;
use tokio::io::Interest;

/// Room for the first read, before the answer's length is known: a typical answer at once.
const READ: usize = 1 << 16;

pub struct Conn {
    s: AsyncFd<StdStream>,
    /// What has been read and not yet taken; an answer is split off it, not copied.
    buf: BytesMut,
}

impl Conn {
    /// Register a worker's (non-blocking) socket with this thread's event loop, for reads.
    pub fn open(s: StdStream) -> Result<Conn> {
        // SAFETY: the stream owns its descriptor and is never swapped while registered.
        let s = unsafe { AsyncFd::register_with_interest(s, Interest::READABLE) }?;
        Ok(Conn {
            s,
            buf: BytesMut::new(),
        })
    }

    /// The socket back, unregistered; None when bytes were left unread (a protocol error:
    /// the worker is not reused).
    pub fn close(self) -> Option<StdStream> {
        if !self.buf.is_empty() {
            return None;
        }
        Some(self.s.into_inner())
    }

    /// Write one line. The worker reads everything we send before it answers, so the socket
    /// is full only while a large call answer drains: then look again shortly (rare; no
    /// write interest, see the module's note).
    async fn send(&mut self, msg: &impl serde::Serialize) -> Result<()> {
        let mut line = serde_json::to_vec(msg)?;
        line.push(b'\n');
        let mut sent = 0;
        while sent < line.len() {
            match self.s.get_ref().write(&line[sent..]) {
                Ok(n) => sent += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Read what is there (at least one byte) into room for `want` more; the end of input
    /// is an error.
    async fn fill(&mut self, want: usize) -> Result<()> {
        loop {
            let mut ready = self.s.readable().await?;
            self.buf.reserve(want);
            match ready.try_io(|s| recv_into(s.get_ref(), &mut self.buf)) {
                Ok(Ok(0)) => return Err(ErrorKind::UnexpectedEof.into()),
                Ok(Ok(_)) => return Ok(()),
                Ok(Err(e)) if e.kind() == ErrorKind::Interrupted => {}
                Ok(Err(e)) => return Err(e),
                Err(_would_block) => {}
            }
        }
    }

    /// The next line, without its newline.
    async fn line(&mut self) -> Result<BytesMut> {
        let mut from = 0;
        loop {
            if let Some(i) = self.buf[from..].iter().position(|&b| b == b'\n') {
                let mut line = self.buf.split_to(from + i + 1);
                line.truncate(from + i);
                return Ok(line);
            }
            from = self.buf.len();
            self.fill(READ).await?;
        }
    }

    /// The next `n` bytes, without a copy.
    async fn bytes(&mut self, n: usize) -> Result<Bytes> {
        while self.buf.len() < n {
            self.fill(n - self.buf.len()).await?;
        }
        Ok(self.buf.split_to(n).freeze())
    }
}

/// One `recv` into the buffer's spare room (no zeroing of a 64 KiB buffer per query).
fn recv_into(s: &StdStream, buf: &mut BytesMut) -> Result<usize> {
    let room = buf.spare_capacity_mut();
    // SAFETY: recv writes at most `room.len()` bytes into the spare room we hold mutably.
    let n = unsafe { libc::recv(s.as_raw_fd(), room.as_mut_ptr().cast(), room.len(), 0) };
    if n < 0 {
        return Err(Error::last_os_error());
    }
    let n = n as usize;
    // SAFETY: the first `n` bytes of the spare room were just written by recv.
    unsafe { buf.set_len(buf.len() + n) };
    Ok(n)
}

/// Send one request, answer the worker's calls of the index functions (on a blocking
/// thread: a BM25 search or a query embedding), read its reply.
pub async fn exchange(c: &mut Conn, req: &Request, app: &Arc<App>) -> Result<(Reply, Bytes)> {
    c.send(req).await?;
    loop {
        let line = c.line().await?;
        let reply = match serde_json::from_slice(&line)? {
            FromWorker::TextScores(q) => {
                let app = app.clone();
                let answer: CallAnswer = Some(
                    web::block(move || app.text_scores(&q))
                        .await
                        .map_err(Error::other)?,
                );
                c.send(&answer).await?;
                continue;
            }
            FromWorker::Similarities(text) => {
                let app = app.clone();
                let answer: CallAnswer = web::block(move || app.similarities(&text))
                    .await
                    .map_err(Error::other)?;
                c.send(&answer).await?;
                continue;
            }
            FromWorker::Done(reply) => reply,
        };
        let bytes = match &reply {
            Ok(h) => c.bytes(h.len).await?,
            Err(_) => Bytes::new(),
        };
        return Ok((reply, bytes));
    }
}
