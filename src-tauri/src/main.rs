// No console window on Windows release builds; on Linux this does nothing.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    std::process::exit(travesia::main_entry());
}
