//! Console output, in one place: what happens when nobody reads it.
//!
//! `warraq tags | head -1` closes the pipe after the first line, and
//! `crate::outln!` would then panic. Every line warraq prints goes through
//! [`outln!`](crate::outln) or [`errln!`](crate::errln) instead: a closed
//! standard output ends the process quietly with status 0 (the reader had
//! what it wanted), another failure to write it is an error (status 1), and
//! a standard error that cannot be written to is ignored (there is nowhere
//! left to say so).

use std::io::Write;

/// Prints a line on standard output (see the module documentation).
#[macro_export]
macro_rules! outln {
    () => { $crate::messages::out(format_args!("")) };
    ($($arg:tt)*) => { $crate::messages::out(format_args!($($arg)*)) };
}

/// Prints a line on standard error, ignoring a closed or broken stream.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => { $crate::messages::err(format_args!($($arg)*)) };
}

/// Writes `args` and a newline to standard output.
pub fn out(args: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_fmt(args).and_then(|()| stdout.write_all(b"\n"));
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        err(format_args!("error: cannot write to standard output: {e}"));
        std::process::exit(1);
    }
}

/// Writes `args` and a newline to standard error.
pub fn err(args: std::fmt::Arguments<'_>) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_fmt(args).and_then(|()| stderr.write_all(b"\n"));
}

/// Prints a problem that stopped something: `error: path:line: message`.
/// Every command reports errors through this, so they read alike and an
/// editor or CI log links them the same way.
pub fn error(what: impl std::fmt::Display) {
    err(format_args!("error: {what}"));
}

/// Prints a problem that did not stop anything: `warning: path:line: message`.
pub fn warning(what: impl std::fmt::Display) {
    err(format_args!("warning: {what}"));
}

/// `"s"` after a count other than one (`3 pages`, `1 page`).
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Whether standard output gets colour: an interactive terminal only, never
/// with `NO_COLOR`, `CI` or `TERM=dumb`.
pub fn colour_on_stdout() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none()
        && std::env::var_os("CI").is_none()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// A path as messages name it: relative to the site directory when it is
/// inside it (`public`, like `content/articles/…` in every other line), else
/// as given.
pub fn shown(site_dir: &std::path::Path, path: &std::path::Path) -> String {
    match path.strip_prefix(site_dir) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".to_string(),
        Ok(rel) => crate::content::relative(std::path::Path::new(""), rel),
        Err(_) => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::shown;
    use std::path::Path;

    #[test]
    fn paths_inside_the_site_are_named_from_it() {
        assert_eq!(shown(Path::new("mysite"), Path::new("mysite/public")), "public");
        assert_eq!(shown(Path::new("."), Path::new("./public")), "public");
        assert_eq!(shown(Path::new("mysite"), Path::new("/srv/www")), "/srv/www");
    }
}
