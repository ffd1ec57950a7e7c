//! JSON Lines: one document per line, `{"id": …, "text": …, "metadata": {…}}`.
//!
//! Blank lines are skipped. `text` (a string) is required; `id` (string or number) is
//! optional (default: the file stem plus `#n`, n counting documents from 1). `metadata` is an
//! object whose numbers and booleans become strings, nulls are dropped, arrays and objects
//! are kept as compact JSON; other top-level scalar fields join the metadata too. Each
//! document is one turn of [`Role::Unknown`], unless it has a `speaker` (its role from
//! [`RoleRules`](super::RoleRules)) or a `role` (`interviewer`, `respondent`, `other`,
//! `unknown`) field. Errors name the line.

use crate::error::{Error, Result};
use crate::transcript::roles::{CompiledRoles, RoleRule, SpeakerRole};
use crate::transcript::{Assembler, Format, Role, Transcript};
use serde_json::Value;

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

fn role_named(name: &str) -> Option<Role> {
    match name.trim().to_ascii_lowercase().as_str() {
        "interviewer" | "enqueteur" | "enquêteur" => Some(Role::Interviewer),
        "respondent" | "repondant" | "répondant" => Some(Role::Respondent),
        "other" | "autre" => Some(Role::Other),
        "unknown" | "inconnu" => Some(Role::Unknown),
        _ => None,
    }
}

/// Reads every document of a JSON Lines file.
pub(crate) fn parse(text: &str, id: &str, roles: &CompiledRoles) -> Result<Vec<Transcript>> {
    let mut out = Vec::new();
    // Only `\n` (and `\r\n`) end a JSON line: U+2028, U+2029 and NEL may stand unescaped
    // inside a JSON string.
    for (i, line) in text.split('\n').enumerate() {
        let number = i + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let doc = parse_line(line, number, id, out.len() + 1, roles)?;
        out.push(doc);
    }
    Ok(out)
}

/// Reads one document: `line` is the 1-based line number (for errors), `nth` the document's rank in its
/// file (for the default id `{id}#{nth}`).
pub(crate) fn parse_line(
    line: &str,
    number: usize,
    id: &str,
    nth: usize,
    roles: &CompiledRoles,
) -> Result<Transcript> {
    let fail = |message: String| Error::transcript(Some(number), message);
    let value: Value = serde_json::from_str(line.trim()).map_err(|e| {
        // serde_json counts lines within this one line: only its column is news.
        let what = e.to_string();
        let what = what
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string();
        let leading = line.len() - line.trim_start().len();
        fail(format!(
            "invalid JSON at column {}: {what}",
            e.column() + leading
        ))
    })?;
    let Value::Object(fields) = value else {
        return Err(fail("expected a JSON object".into()));
    };
    let words = match fields.get("text") {
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err(fail("`text` must be a string".into())),
        None => return Err(fail("missing `text` field".into())),
    };
    let doc_id = match fields.get("id") {
        None | Some(Value::Null) => format!("{id}#{nth}"),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return Err(fail("`id` must be a string or a number".into())),
    };
    let mut transcript = Transcript::empty(doc_id, Format::Jsonl);
    match fields.get("metadata") {
        None | Some(Value::Null) => {}
        Some(Value::Object(meta)) => {
            for (k, v) in meta {
                if let Some(v) = scalar(v) {
                    transcript.metadata.insert(k.clone(), v);
                }
            }
        }
        Some(_) => return Err(fail("`metadata` must be an object".into())),
    }
    for (k, v) in &fields {
        if matches!(k.as_str(), "id" | "text" | "metadata" | "speaker" | "role") {
            continue;
        }
        if !v.is_object() && !v.is_array() {
            if let Some(v) = scalar(v) {
                transcript.metadata.entry(k.clone()).or_insert(v);
            }
        }
    }
    let speaker = match fields.get("speaker") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(_) => return Err(fail("`speaker` must be a string".into())),
    };
    let role = match fields.get("role") {
        None | Some(Value::Null) => speaker
            .as_deref()
            .map_or(Role::Unknown, |s| roles.classify(s)),
        Some(Value::String(r)) => role_named(r).ok_or_else(|| {
            fail(format!(
                "unknown role {r:?} (expected interviewer, respondent, other or unknown)"
            ))
        })?,
        Some(_) => return Err(fail("`role` must be a string".into())),
    };
    let from_field = matches!(fields.get("role"), Some(Value::String(_)));
    if let (Some(name), true) = (speaker.as_deref(), from_field) {
        // The role is the document's own: `settle` keeps it (a roles file still overrides it).
        transcript.speaker_roles.push(SpeakerRole {
            name: name.to_string(),
            role,
            rule: RoleRule::Attribute,
            roles_file_line: None,
        });
    }
    let mut assembler = Assembler::new();
    assembler.push(speaker.as_deref(), role, words, None, None);
    assembler.finish(&mut transcript);
    Ok(transcript)
}
