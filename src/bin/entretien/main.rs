//! The `entretien` command-line tool: a thin layer over the library.

mod cmd_classes;
mod cmd_kwic;
mod cmd_learn;
mod cmd_lexicon;
mod cmd_merge;
mod cmd_report;
mod cmd_score;
mod cmd_tokens;
mod cmd_transcript;
mod cmd_vocab;
mod common;
mod output;
mod progress;
mod report;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "entretien",
    version,
    about = "French interview transcripts to typed, quotable evidence"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the tokens of a text, one per line.
    Tokens(cmd_tokens::Args),
    /// Print a parsed transcript (turns, speakers, roles, metadata) as JSON.
    Transcript(cmd_transcript::Args),
    /// Score themes of a lexicon over transcripts.
    Score(cmd_score::Args),
    /// Check or export lexicons.
    #[command(subcommand)]
    Lexicon(cmd_lexicon::Command),
    /// Merge aggregates written by `score --aggregate-out`.
    Merge(cmd_merge::Args),
    /// Concordances (keyword in context).
    Kwic(cmd_kwic::Args),
    /// Vocabulary: frequencies of forms and stems.
    Vocab(cmd_vocab::Args),
    /// Learn theme coders from passages coded by hand, with their cross-validated agreement.
    Learn(cmd_learn::Args),
    /// Lexical worlds: Reinert's descending hierarchical classification of segments (IRaMuTeQ's CHD).
    Classes(cmd_classes::Args),
    /// A report people read: one self-contained HTML page (and SVG figures) per study.
    Report(cmd_report::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Tokens(a) => cmd_tokens::run(a),
        Command::Transcript(a) => cmd_transcript::run(a),
        Command::Score(a) => cmd_score::run(a),
        Command::Lexicon(c) => cmd_lexicon::run(c),
        Command::Merge(a) => cmd_merge::run(a),
        Command::Kwic(a) => cmd_kwic::run(a),
        Command::Vocab(a) => cmd_vocab::run(a),
        Command::Classes(a) => cmd_classes::run(a),
        Command::Learn(a) => cmd_learn::run(a),
        Command::Report(a) => cmd_report::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) if output::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("entretien: {}", message(&e));
            match e.downcast_ref::<common::NothingRead>() {
                Some(_) => ExitCode::from(1),
                None => ExitCode::from(2),
            }
        }
    }
}

/// The error and its causes, each said once: a cause whose text the message already holds (the
/// library's errors print their I/O cause) is left out.
fn message(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
    }
    text
}
