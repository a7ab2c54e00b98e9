//! Errors that point at a place in the user's files.
//!
//! Every failure a user can cause must say which file (and line, when there is
//! one) and what to do; `Error` carries that location so commands can print
//! `path:line: message` the way compilers do, which editors and CI logs link.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error tied (when possible) to a file and line of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The file it is about, as the user names it (usually relative to the
    /// site); `None` for a problem with no file.
    pub path: Option<PathBuf>,
    /// 1-based line in that file, when one is to blame.
    pub line: Option<usize>,
    /// What is wrong and what to do, without the location (added on display).
    pub message: String,
}

/// The crate's `Result`: an [`Error`] unless another error type is given.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error about no file in particular (a command-line value, the runtime).
    pub fn new(message: impl Into<String>) -> Self {
        Error { path: None, line: None, message: message.into() }
    }

    /// An error about a whole file.
    pub fn at(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Error { path: Some(path.as_ref().to_path_buf()), line: None, message: message.into() }
    }

    /// An error about one line of a file.
    pub fn at_line(path: impl AsRef<Path>, line: usize, message: impl Into<String>) -> Self {
        Error { path: Some(path.as_ref().to_path_buf()), line: Some(line), message: message.into() }
    }

    /// An error of a pure parser, which knows the line but not the file;
    /// the caller places it with [`Error::in_file`].
    pub fn on_line(line: usize, message: impl Into<String>) -> Self {
        Error { path: None, line: Some(line), message: message.into() }
    }

    /// The same error placed in `path`, unless it already names a file.
    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        if self.path.is_none() {
            self.path = Some(path.as_ref().to_path_buf());
        }
        self
    }

    /// An I/O failure on `path`, phrased for a user rather than a programmer.
    pub fn io(path: impl AsRef<Path>, err: std::io::Error) -> Self {
        let path = path.as_ref();
        let what = match err.kind() {
            std::io::ErrorKind::NotFound => "not found".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            // What a user can do about it, since the file named is often
            // warraq's own: a build writes every changed file beside the
            // live output before it replaces it.
            std::io::ErrorKind::StorageFull => "the disk is full: free some space and build again (a build \
                 writes each changed file beside the live output before it replaces it, so a build that \
                 changes every page, after a theme change or an upgrade, needs room for a second copy)"
                .to_string(),
            _ => err.to_string(),
        };
        Error::at(path, what)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(p), Some(l)) => write!(f, "{}:{}: {}", p.display(), l, self.message),
            (Some(p), None) => write!(f, "{}: {}", p.display(), self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

/// Stages that report every problem they find (loading, a build) return
/// `Vec<Error>`; this lets them use `?` on the one-error steps between.
impl From<Error> for Vec<Error> {
    fn from(error: Error) -> Self {
        vec![error]
    }
}

/// Serialises errors as the lines a user reads (`path:line: message`): the
/// JSON reports keep plain strings while the code keeps the places typed.
pub fn serialize_lines<S: serde::Serializer>(errors: &[Error], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(errors.iter().map(ToString::to_string))
}

/// Line number (1-based) of a byte offset in `text`.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn a_full_disk_says_what_to_do() {
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let message = Error::io("public/.warraq/staging/1/2", full).to_string();
        assert!(message.starts_with("public/.warraq/staging/1/2: the disk is full: free some space"), "{message}");
        #[cfg(target_os = "linux")]
        {
            let enospc = std::io::Error::from_raw_os_error(28);
            assert!(Error::io("x", enospc).to_string().contains("the disk is full"));
        }
    }
}
