//! IRaMuTeQ corpora: each text starts with a `****` line of star variables.
//!
//! `**** *ent_03 *role_agent *coll_commune` starts a text; each `*var_modalité` becomes the
//! metadata `var = modalité` (split at the first `_`; a variable without `_` gets an empty
//! value). The id is the modality of an `*id_…` variable, else the whole first `*ent_…` or
//! `*entretien_…` variable (`ent_03`), else the file stem plus `#n`. Each text is its own
//! [`Transcript`], whose text is the file's text between its `****` line and the next one.
//! Lines starting `-*` mark thematic sections: they are kept out of the words and recorded in
//! [`Transcript::sections`]. Speaker labels inside a text are read as in plain text.

use crate::error::{Error, Result};
use crate::span::Span;
use crate::transcript::roles::CompiledRoles;
use crate::transcript::{lines, plain, Format, Transcript};

/// Reads every text of an IRaMuTeQ corpus.
pub(crate) fn parse(text: &str, id: &str, roles: &CompiledRoles) -> Result<Vec<Transcript>> {
    // (line number, header line, body start)
    let mut headers: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (number, start, end) in lines(text) {
        let line = &text[start..end];
        if line.starts_with("****") {
            let rest = &text[end..];
            let eol = if rest.starts_with("\r\n") {
                2
            } else {
                usize::from(rest.starts_with('\n'))
            };
            let next = end + eol;
            headers.push((number, start, end, next));
        } else if headers.is_empty() && !line.trim().is_empty() {
            return Err(Error::transcript(
                Some(number),
                "text before the first `****` line of an IRaMuTeQ corpus",
            ));
        }
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
                    format!("star variable expected, found {var:?}"),
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
        transcript.turns = body.turns;
        transcript.preamble = body.preamble;
        transcript.sections = body.sections;
        transcripts.push(transcript);
    }
    Ok(transcripts)
}
