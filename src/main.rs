fn main() {
    std::process::exit(warraq::cli::run());
}
