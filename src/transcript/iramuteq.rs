//! IRaMuTeQ corpora: each text starts with a `****` line of star variables.
//!
//! `**** *ent_03 *role_agent *coll_commune` starts a text; each `*var_modalité` becomes the
//! metadata `var = modalité` (split at the first `_`; a variable without `_` gets an empty
//! value). The id is the modality of an `*id_…` variable, else the whole first `*ent_…` or
//! `*entretien_…` variable (`ent_03`), else the file stem plus `#n`. Each text is its own
//! [`Transcript`], whose text is the file's text between its `****` line and the next one.
//! Lines starting `-*` mark thematic sections: they are kept out of the words and recorded in
//! [`Transcript::sections`]. Speaker labels inside a text are read as in plain text. Text
//! before the first `****` line belongs to no text: it is left out, with a warning on the first
//! transcript. Every line break counts (`\r` alone included).

use crate::error::{Error, Result};
use crate::span::Span;
use crate::transcript::roles::CompiledRoles;
use crate::transcript::{lines, plain, Format, Transcript, Warning};

/// Reads every text of an IRaMuTeQ corpus.
pub(crate) fn parse(text: &str, id: &str, roles: &CompiledRoles) -> Result<Vec<Transcript>> {
    // (line number, header start, header end, body start)
    let mut headers: Vec<(usize, usize, usize, usize)> = Vec::new();
    // (first line, last line, first words) of text before the first `****` line.
    let mut preamble: Option<(usize, usize, String)> = None;
    for line in lines(text) {
        let words = &text[line.start..line.end];
        if words.starts_with("****") {
            headers.push((line.number, line.start, line.end, line.next));
        } else if headers.is_empty() && !words.trim().is_empty() {
            let p = preamble.get_or_insert_with(|| {
                (
                    line.number,
                    line.number,
                    words.trim().chars().take(60).collect(),
                )
            });
            p.1 = line.number;
        }
    }
    if headers.is_empty() {
        return Err(Error::transcript(
            preamble.map(|p| p.0),
            "no `****` line: an IRaMuTeQ corpus starts each text with `**** *variable_modality`",
        ));
    }
    let mut transcripts = Vec::with_capacity(headers.len());
    for (n, &(number, start, end, body_start)) in headers.iter().enumerate() {
        let body_end = headers.get(n + 1).map_or(text.len(), |h| h.1);
        let mut transcript = Transcript::empty(String::new(), Format::Iramuteq);
        let mut first_entretien: Option<String> = None;
        for var in text[start..end].trim_start_matches('*').split_whitespace() {
            let Some(var) = var.strip_prefix('*') else {
                return Err(Error::transcript(
                    Some(number),
                    format!("expected a star variable (`*variable_modality`), found \"{var}\""),
                ));
            };
            if var.is_empty() {
                continue;
            }
            let (key, value) = var.split_once('_').unwrap_or((var, ""));
            if first_entretien.is_none() && matches!(key, "ent" | "entretien") {
                first_entretien = Some(var.to_string());
            }
            transcript
                .metadata
                .insert(key.to_string(), value.to_string());
        }
        transcript.id = match transcript.metadata.get("id").filter(|v| !v.is_empty()) {
            Some(v) => v.clone(),
            None => first_entretien.unwrap_or_else(|| format!("{id}#{}", n + 1)),
        };
        let body_text = &text[body_start.min(body_end)..body_end];
        let body = plain::parse_body(body_text, Span::new(0, body_text.len()), roles, true);
        transcript.text = body_text.to_string();
        body.install(&mut transcript);
        if n == 0 {
            if let Some((first, last, words)) = &preamble {
                let lines = if first == last {
                    format!("line {first}")
                } else {
                    format!("lines {first} to {last}")
                };
                transcript.warnings.push(Warning::new(
                    Some(*first),
                    format!(
                        "text before the first `****` line ({lines}, \"{words}\") belongs to no text and was left out"
                    ),
                ));
            }
        }
        transcripts.push(transcript);
    }
    Ok(transcripts)
}
