//! The server's end of a query worker's socket, read and written on the HTTP thread's event
//! loop: a query then costs two wake-ups (the worker's and the answer's), not the four of a
//! blocking thread between the request and the worker. The socket is registered with the
//! event loop for one request and handed back afterwards (a worker serves any thread).

use crate::core::app::App;
use crate::core::sparql_fns::Sources;
use crate::core::sparql_worker::{CallAnswer, FromWorker, Reply, Request};
use actix_web::web;
use std::io::{Error, ErrorKind, Result};
use std::os::unix::net::UnixStream as StdStream;
use std::sync::Arc;
use tokio::net::UnixStream;

/// Bytes read at most per read: room for a typical answer at once.
const READ: usize = 1 << 16;

pub struct Conn {
    s: UnixStream,
    buf: Vec<u8>,
}

impl Conn {
    /// Register a worker's (non-blocking) socket with this thread's event loop.
    pub fn open(s: StdStream) -> Result<Conn> {
        Ok(Conn {
            s: UnixStream::from_std(s)?,
            buf: Vec::new(),
        })
    }

    /// The socket back, unregistered; None when bytes were left unread (a protocol error:
    /// the worker is not reused).
    pub fn close(self) -> Option<StdStream> {
        if !self.buf.is_empty() {
            return None;
        }
        self.s.into_std().ok()
    }

    async fn send(&mut self, msg: &impl serde::Serialize) -> Result<()> {
        let mut line = serde_json::to_vec(msg)?;
        line.push(b'\n');
        let mut sent = 0;
        while sent < line.len() {
            self.s.writable().await?;
            match self.s.try_write(&line[sent..]) {
                Ok(n) => sent += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Read what is there (at least one byte); the end of input is an error.
    async fn fill(&mut self) -> Result<()> {
        loop {
            self.s.readable().await?;
            self.buf.reserve(READ);
            match self.s.try_read_buf(&mut self.buf) {
                Ok(0) => return Err(ErrorKind::UnexpectedEof.into()),
                Ok(_) => return Ok(()),
                Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The next line, without its newline.
    async fn line(&mut self) -> Result<Vec<u8>> {
        let mut from = 0;
        loop {
            if let Some(i) = self.buf[from..].iter().position(|&b| b == b'\n') {
                let rest = self.buf.split_off(from + i + 1);
                let mut line = std::mem::replace(&mut self.buf, rest);
                line.pop();
                return Ok(line);
            }
            from = self.buf.len();
            self.fill().await?;
        }
    }

    /// The next `n` bytes.
    async fn bytes(&mut self, n: usize) -> Result<Vec<u8>> {
        while self.buf.len() < n {
            self.fill().await?;
        }
        let rest = self.buf.split_off(n);
        Ok(std::mem::replace(&mut self.buf, rest))
    }
}

/// Send one request, answer the worker's calls of the index functions (on a blocking
/// thread: a BM25 search or a query embedding), read its reply.
pub async fn exchange(c: &mut Conn, req: &Request, app: &Arc<App>) -> Result<(Reply, Vec<u8>)> {
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
            Err(_) => Vec::new(),
        };
        return Ok((reply, bytes));
    }
}
