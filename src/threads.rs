//! Named threads: the pipeline's readers and writers show by name in profiles and debuggers.

/// Spawns a scoped thread named `name`.
pub fn spawn_named<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    name: &str,
    work: impl FnOnce() -> T + Send + 'scope,
) -> std::thread::ScopedJoinHandle<'scope, T> {
    std::thread::Builder::new().name(name.to_string()).spawn_scoped(scope, work).expect("a thread can be spawned")
}
