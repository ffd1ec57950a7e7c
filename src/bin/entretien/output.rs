//! Output helpers shared by subcommands.

/// Whether an error comes from writing to a closed pipe (`| head`), which ends the tool quietly.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
