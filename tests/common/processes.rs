//! Finding the processes a test started, by a marker in their environment.

use std::collections::HashSet;

/// The pids of processes whose environment carries `Http_X_Test_Marker=<marker>`: every
/// process of one function call, grandchildren included, since the runtime passes the
/// request's `X-Test-Marker` header to the function as that variable.
pub fn processes_with(marker: &str) -> HashSet<u32> {
    let needle = format!("Http_X_Test_Marker={marker}");
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ")).is_ok_and(|environ| {
                environ
                    .split(|b| *b == 0)
                    .any(|entry| entry == needle.as_bytes())
            })
        })
        .collect()
}
