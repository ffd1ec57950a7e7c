//! `entretien lexicon`: to be written.

use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Validate a lexicon.
    Check {},
}

pub fn run(_c: Command) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
