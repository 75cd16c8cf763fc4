//! Without a GPU, the window is drawn by Mesa's software rasteriser (llvmpipe, or lavapipe for
//! Vulkan), whose threads take whole cores for every frame and, at equal priority, left the
//! trainer about a third of the machine: on two cores under Xvfb at 1920x1080, top-tagging at
//! "max" trained at about half its headless epoch rate. Their priority is lowered one notch
//! of five (`nice` 5, which needs no privilege), so the trainer keeps its pace while drawing takes
//! whatever the trainer leaves; paused, drawing has the machine to itself as before. With a
//! GPU there are no such threads and nothing changes. No crate does this: it is a
//! `setpriority` call per thread found by name in `/proc`.

/// The `nice` value given to the software rasteriser's threads.
#[cfg(target_os = "linux")]
const RASTERISER_NICE: libc::c_int = 5;

/// Lowers the priority of this process's software-rasteriser threads (named `llvmpipe-N`);
/// returns how many it lowered (none on a GPU, or off Linux).
#[cfg(target_os = "linux")]
pub fn yield_to_training() -> usize {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .flatten()
        .filter(|task| {
            std::fs::read_to_string(task.path().join("comm"))
                .is_ok_and(|name| name.starts_with("llvmpipe"))
        })
        .filter_map(|task| task.file_name().to_str()?.parse::<libc::id_t>().ok())
        // SAFETY: `setpriority` reads its three integer arguments and nothing else; a thread
        // that has ended meanwhile only makes it fail.
        .filter(|&thread| unsafe { libc::setpriority(libc::PRIO_PROCESS, thread, RASTERISER_NICE) } == 0)
        .count()
}

/// Lowers the priority of this process's software-rasteriser threads (nothing off Linux).
#[cfg(not(target_os = "linux"))]
pub fn yield_to_training() -> usize {
    0
}
