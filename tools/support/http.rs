//! A minimal HTTP/1.1 client over `TcpStream` for the serve examples
//! (included with `#[path]`; not an example by itself).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;

pub(crate) struct Conn {
    w: TcpStream,
    r: BufReader<TcpStream>,
}

impl Conn {
    pub(crate) fn open(port: u16) -> std::io::Result<Conn> {
        let s = TcpStream::connect(("127.0.0.1", port))?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
        Ok(Conn { w: s.try_clone()?, r: BufReader::new(s) })
    }

    /// GET on the kept-alive connection: (status, body).
    pub(crate) fn get(&mut self, path: &str) -> std::io::Result<(u16, Vec<u8>)> {
        write!(self.w, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")?;
        let mut line = String::new();
        self.r.read_line(&mut line)?;
        let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let (mut len, mut chunked) = (None, false);
        loop {
            let mut h = String::new();
            self.r.read_line(&mut h)?;
            let h = h.trim_end().to_ascii_lowercase();
            if h.is_empty() {
                break;
            }
            if let Some(v) = h.strip_prefix("content-length:") {
                len = v.trim().parse::<usize>().ok();
            }
            if h.starts_with("transfer-encoding:") && h.contains("chunked") {
                chunked = true;
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                let mut size = String::new();
                self.r.read_line(&mut size)?;
                let n = usize::from_str_radix(size.trim(), 16).map_err(std::io::Error::other)?;
                let mut chunk = vec![0; n + 2];
                self.r.read_exact(&mut chunk)?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
        } else {
            body = vec![0; len.unwrap_or(0)];
            self.r.read_exact(&mut body)?;
        }
        Ok((status, body))
    }
}
