//! The `warraq` command: the command line is parsed and run by `warraq::cli`.

fn main() {
    std::process::exit(warraq::cli::run());
}
