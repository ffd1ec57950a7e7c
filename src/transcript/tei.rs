//! TEI for speech: TEI P5 transcriptions, ISO 24624 (TEI_CORPO, EXMARaLDA exports), minimal
//! `<u>` XML, and header-only TEI files (ORFEO metadata).
//!
//! Each `<u>` is a turn. Its speaker is `@who` (`#id`, or several ids, which give one speaker
//! `A+B` whose role is theirs if they agree; a value whose words are not all ids, `Mme Roux` in a
//! minimal file, is one name), else the `@who` (or `@wh`) of the `<annotationBlock>` or
//! `<annotatedU>` around it. Times are `@start`/`@end` of the `<u>` or of its block: references
//! (`#T1`) into the `<timeline>`, whose `<when>` have an `@absolute` time or an `@interval` after
//! another `@since` (chains followed, loops refused; `timeline/@unit="ms"` honoured), or plain
//! seconds. A `<u>` without them takes its start from an `<anchor synch>` before its words and its
//! end from one after them.
//!
//! Speakers are declared by `<person>` (in `<particDesc><listPerson>` or anywhere): `@xml:id`,
//! `@n` or `<altGrp><alt type>` (TEI_CORPO) are its ids; the turn's speaker is its `<persName>`
//! (or `<name>`), else the id. Roles come from `person/@role` and the `<u>`'s `@ana` (ParlaMint's
//! `#chair`, `#regular`, `#guest`) through the role words of CHAT and TEI, else from the name by
//! [`RoleRules`](super::RoleRules). Each person's attributes and fields (`sex`, `age`, `birth`,
//! `education`...) become metadata `speaker.ID.field`; so do header fields: `title`, `date`,
//! `idno`, `publisher`, `licence`, `availability`, `language`, `duration`, `media`, `abstract`,
//! `place`, and `catRef.TYPE` for `<catRef corresp target>`.
//!
//! Words: the text of the `<u>`, `<seg>`, `<w>`, `<unclear>` and the like, joined with single
//! spaces. As in the Transcriber reader, events are kept out of the words, not turned into marks:
//! `<pause>`, `<vocal>`, `<incident>`, `<kinesic>`, `<gap>`, `<note>`, `<desc>`, `<head>`, the
//! dependent tiers `<spanGrp>`, and in a `<choice>` the `<orig>`, `<sic>` and `<abbr>` (the
//! `<reg>`, `<corr>` or `<expan>` is read). Conventions written inside the text (`{rire}`,
//! `<…>` overlaps from Transcriber) stay as written.
//!
//! A file with no `<u>` (an ORFEO header) gives its metadata, no turns and a warning. Unresolved
//! speaker ids (when the file declares persons), missing timeline references and turns that end
//! before they start are warnings naming the line; entities are never expanded (see
//! `markup.rs`). Malformed XML is an error naming its line.

use crate::error::{Error, Result};
use crate::transcript::markup::{attr, local_name, XmlStream};
use crate::transcript::roles::CompiledRoles;
use crate::transcript::speech::{self, push_words, speaker_role, Notes};
use crate::transcript::{line_of, parse_clock, Assembler, Format, Role, Transcript};
use quick_xml::events::Event;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Elements whose content is not speech.
const NOT_WORDS: &[&str] = &[
    "pause",
    "vocal",
    "incident",
    "kinesic",
    "gap",
    "note",
    "desc",
    "head",
    "spanGrp",
    "span",
    "fw",
    "figure",
    "interp",
    "interpGrp",
];

/// Inside a `<choice>`, the alternatives left out.
const NOT_CHOSEN: &[&str] = &["orig", "sic", "abbr"];

/// A time as written: seconds, or the id of a `<when>`.
#[derive(Debug, Clone)]
enum TimeRef {
    Seconds(f64),
    Id(String),
}

fn time_ref(value: &str) -> Option<TimeRef> {
    let value = value.trim();
    if let Some(id) = value.strip_prefix('#') {
        return (!id.is_empty()).then(|| TimeRef::Id(id.to_string()));
    }
    match parse_clock(value) {
        Some(s) if s.is_finite() => Some(TimeRef::Seconds(s)),
        _ => (!value.is_empty()).then(|| TimeRef::Id(value.to_string())),
    }
}

/// A `<when>` of the timeline.
struct When {
    absolute: Option<f64>,
    interval: Option<f64>,
    since: Option<String>,
}

/// Times of `<when>` ids, resolved on demand and remembered.
struct Timeline {
    whens: HashMap<String, When>,
    resolved: HashMap<String, Option<f64>>,
}

impl Timeline {
    fn time(&mut self, id: &str) -> Option<f64> {
        let mut chain: Vec<(String, f64)> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut current = id.to_string();
        let base = loop {
            if let Some(&known) = self.resolved.get(&current) {
                break known;
            }
            let Some(when) = self.whens.get(&current) else {
                break None;
            };
            if let Some(absolute) = when.absolute {
                self.resolved.insert(current.clone(), Some(absolute));
                break Some(absolute);
            }
            match (when.interval, &when.since) {
                (Some(interval), Some(since)) => {
                    seen.insert(current.clone());
                    if seen.contains(since) {
                        break None;
                    }
                    let next = since.clone();
                    chain.push((std::mem::replace(&mut current, next), interval));
                }
                (Some(interval), None) => {
                    self.resolved.insert(current.clone(), Some(interval));
                    break Some(interval);
                }
                _ => break None,
            }
        };
        let mut time = base;
        for (id, interval) in chain.into_iter().rev() {
            time = time.map(|t| t + interval);
            self.resolved.insert(id, time);
        }
        time
    }
}

/// A person of `<listPerson>`.
#[derive(Default)]
struct Person {
    ids: Vec<String>,
    name: Option<String>,
    role: Option<String>,
    fields: Vec<(String, String)>,
    depth: usize,
}

/// Text being gathered for a header field, a person's name or field, until its element closes.
struct Capture {
    depth: usize,
    target: Target,
    words: String,
}

enum Target {
    Meta(&'static str),
    PersonName,
    PersonField(String),
}

/// `who`, times and `ana` of an `<annotationBlock>` / `<annotatedU>` or `<u>`.
#[derive(Default, Clone)]
struct Speech {
    who: Option<String>,
    start: Option<String>,
    end: Option<String>,
    ana: Option<String>,
}

impl Speech {
    fn from_attrs(attrs: &[(String, String)], outer: Option<&Speech>) -> Speech {
        let pick = |key: &str, alt: Option<&str>| {
            attr(attrs, key)
                .or_else(|| alt.and_then(|a| attr(attrs, a)))
                .map(str::to_string)
        };
        let outer = outer.cloned().unwrap_or_default();
        Speech {
            who: pick("who", Some("wh")).or(outer.who),
            start: pick("start", None).or(outer.start),
            end: pick("end", None).or(outer.end),
            ana: pick("ana", None).or(outer.ana),
        }
    }
}

/// A `<u>` being read.
struct OpenU {
    speech: Speech,
    at: usize,
    raw: String,
    /// Anchors met: their id and whether words came before them.
    anchors: Vec<(String, bool)>,
    /// The depth of a left-out element being skipped.
    skip: Option<usize>,
}

/// A `<u>` read, its times and speaker still to be resolved.
struct Pending {
    speech: Speech,
    at: usize,
    words: String,
    anchor_start: Option<String>,
    anchor_end: Option<String>,
}

/// Reads a TEI file.
pub(crate) fn parse(text: &str, id: &str, roles: &CompiledRoles) -> Result<Transcript> {
    let mut xml = XmlStream::new(text);
    let mut transcript = Transcript::empty(id.to_string(), Format::Tei);
    let mut meta: BTreeMap<String, String> = BTreeMap::new();
    let mut notes = Notes::default();
    let mut timeline = Timeline {
        whens: HashMap::new(),
        resolved: HashMap::new(),
    };
    let mut unit_scale = 1.0;
    let mut persons: Vec<Person> = Vec::new();
    let mut person: Option<Person> = None;
    let mut capture: Option<Capture> = None;
    let mut blocks: Vec<(usize, Speech)> = Vec::new();
    let mut open_u: Option<OpenU> = None;
    let mut pending: Vec<Pending> = Vec::new();
    let mut root: Option<String> = None;
    loop {
        let (at, event) = xml.next()?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = local_name(e);
                let depth = xml.depth() + usize::from(empty);
                root.get_or_insert_with(|| name.to_string());
                if let Some(u) = open_u.as_mut() {
                    if u.skip.is_some() {
                        continue;
                    }
                    let chosen_out = NOT_CHOSEN.contains(&name) && parent_is(&xml, empty, "choice");
                    if NOT_WORDS.contains(&name) || chosen_out {
                        u.raw.push(' ');
                        if !empty {
                            u.skip = Some(depth);
                        }
                        continue;
                    }
                    match name {
                        "anchor" => {
                            let attrs = xml.attributes(e, at)?;
                            if let Some(synch) = attr(&attrs, "synch") {
                                let after_words = !u.raw.trim().is_empty();
                                u.anchors.push((synch.to_string(), after_words));
                            }
                            u.raw.push(' ');
                        }
                        "w" | "seg" | "lb" | "u" => u.raw.push(' '),
                        _ => {}
                    }
                    continue;
                }
                let attrs = xml.attributes(e, at)?;
                match name {
                    "annotationBlock" | "annotatedU" if !empty => {
                        let outer = blocks.last().map(|(_, s)| s);
                        let speech = Speech::from_attrs(&attrs, outer);
                        blocks.push((depth, speech));
                    }
                    "u" => {
                        let speech = Speech::from_attrs(&attrs, blocks.last().map(|(_, s)| s));
                        let u = OpenU {
                            speech,
                            at,
                            raw: String::new(),
                            anchors: Vec::new(),
                            skip: None,
                        };
                        if empty {
                            pending.push(finish_u(u));
                        } else {
                            open_u = Some(u);
                        }
                    }
                    "timeline" if attr(&attrs, "unit").is_some_and(|u| u.trim() == "ms") => {
                        unit_scale = 0.001;
                    }
                    "when" => {
                        if let Some(when_id) = attr(&attrs, "xml:id").or(attr(&attrs, "id")) {
                            let number = |key: &str| {
                                attr(&attrs, key).and_then(|v| {
                                    let scale = if v.contains(':') { 1.0 } else { unit_scale };
                                    parse_clock(v).map(|t| t * scale).filter(|t| t.is_finite())
                                })
                            };
                            let since = attr(&attrs, "since")
                                .map(|s| s.trim().trim_start_matches('#').to_string());
                            timeline.whens.insert(
                                when_id.to_string(),
                                When {
                                    absolute: number("absolute"),
                                    interval: number("interval"),
                                    since,
                                },
                            );
                        }
                    }
                    "person" => {
                        let mut p = Person {
                            depth,
                            ..Person::default()
                        };
                        for (k, v) in attrs {
                            match k.as_str() {
                                "xml:id" | "id" | "n" => p.ids.push(v.trim().to_string()),
                                "role" => p.role = Some(v),
                                _ => p.fields.push((k, v)),
                            }
                        }
                        if empty {
                            persons.push(p);
                        } else {
                            person = Some(p);
                        }
                    }
                    _ if person.is_some() => {
                        let p = person.as_mut().expect("checked");
                        if name == "alt" {
                            if let Some(t) = attr(&attrs, "type") {
                                p.ids.push(t.trim().to_string());
                            }
                        } else if matches!(name, "persName" | "name") {
                            if p.name.is_none() && capture.is_none() && !empty {
                                capture = Some(Capture {
                                    depth,
                                    target: Target::PersonName,
                                    words: String::new(),
                                });
                            }
                        } else if depth == p.depth + 1 {
                            for (k, v) in &attrs {
                                if !v.trim().is_empty() {
                                    p.fields.push((format!("{name}.{k}"), v.clone()));
                                }
                            }
                            if !empty && capture.is_none() {
                                capture = Some(Capture {
                                    depth,
                                    target: Target::PersonField(name.to_string()),
                                    words: String::new(),
                                });
                            }
                        }
                    }
                    _ if xml.inside("teiHeader") => {
                        let target = header_field(name, &attrs, &mut meta);
                        if let (Some(key), false, None) = (target, empty, &capture) {
                            if !meta.contains_key(key) {
                                capture = Some(Capture {
                                    depth,
                                    target: Target::Meta(key),
                                    words: String::new(),
                                });
                            }
                        }
                    }
                    "TEI" | "TEI.2" => {
                        if let Some(lang) = attr(&attrs, "xml:lang") {
                            meta.entry("language".into())
                                .or_insert_with(|| lang.to_string());
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(_) | Event::CData(_) => {
                if let Some(u) = open_u.as_mut() {
                    if u.skip.is_none() {
                        let words = xml.text_of(&event);
                        u.raw.push_str(&words);
                    }
                } else if let Some(c) = capture.as_mut() {
                    let words = xml.text_of(&event);
                    push_words(&mut c.words, &words);
                }
            }
            Event::End(ref e) => {
                let depth = xml.depth();
                if let Some(u) = open_u.as_mut() {
                    if let Some(skip) = u.skip {
                        if depth < skip {
                            u.skip = None;
                        }
                        continue;
                    }
                    if e.local_name().as_ref() == b"u" {
                        if let Some(u) = open_u.take() {
                            pending.push(finish_u(u));
                        }
                    } else if e.local_name().as_ref() == b"seg" {
                        u.raw.push(' ');
                    }
                    continue;
                }
                if capture.as_ref().is_some_and(|c| depth < c.depth) {
                    let c = capture.take().expect("checked");
                    let value = c.words;
                    match c.target {
                        Target::Meta(key) => {
                            if !value.is_empty() {
                                meta.entry(key.to_string()).or_insert(value);
                            }
                        }
                        Target::PersonName => {
                            if let Some(p) = person.as_mut() {
                                p.name = (!value.is_empty()).then_some(value);
                            }
                        }
                        Target::PersonField(field) => {
                            if let (Some(p), false) = (person.as_mut(), value.is_empty()) {
                                match p.fields.iter_mut().find(|(k, _)| *k == field) {
                                    Some((_, v)) => {
                                        v.push_str("; ");
                                        v.push_str(&value);
                                    }
                                    None => p.fields.push((field, value)),
                                }
                            }
                        }
                    }
                }
                if person.as_ref().is_some_and(|p| depth < p.depth) {
                    persons.extend(person.take());
                }
                if blocks.last().is_some_and(|(d, _)| depth < *d) {
                    blocks.pop();
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let is_tei = matches!(root.as_deref(), Some("TEI" | "teiCorpus" | "TEI.2"));
    if !is_tei && pending.is_empty() {
        return Err(Error::transcript(
            Some(1),
            "not a TEI transcript: no <TEI> root and no <u> element",
        ));
    }
    if let Some(note) = xml.entity_note() {
        notes.push(None, note);
    }
    // Speakers: every id of a person points to it.
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, p) in persons.iter().enumerate() {
        for pid in &p.ids {
            by_id.entry(pid.as_str()).or_insert(i);
        }
    }
    for (i, p) in persons.iter().enumerate() {
        let key = p
            .ids
            .first()
            .cloned()
            .unwrap_or_else(|| format!("person{}", i + 1));
        if let Some(name) = &p.name {
            meta.insert(format!("speaker.{key}.name"), name.clone());
        }
        if let Some(role) = &p.role {
            meta.insert(format!("speaker.{key}.role"), role.clone());
        }
        for (k, v) in &p.fields {
            meta.entry(format!("speaker.{key}.{k}"))
                .or_insert_with(|| v.clone());
        }
    }
    let mut unknown: HashSet<String> = HashSet::new();
    let mut assembler = Assembler::new();
    // Speakers whose role the file's own role attribute gave, for the rule `settle` records.
    let mut attributed: std::collections::BTreeSet<(String, Role)> = Default::default();
    for turn in &pending {
        let warn = |notes: &mut Notes, message: String| {
            if notes.has_room() {
                notes.push(Some(line_of(text, turn.at)), message);
            } else {
                notes.count_dropped();
            }
        };
        let mut names: Vec<String> = Vec::new();
        let mut turn_roles: Vec<Role> = Vec::new();
        let mut declared_by: Vec<(String, Role)> = Vec::new();
        // `who` lists ids; a value whose words are not all ids (`Mme Roux`, in minimal files) is
        // one name.
        let who_value = turn.speech.who.as_deref().unwrap_or("");
        let all_ids = who_value
            .split_whitespace()
            .all(|w| w.starts_with('#') || by_id.contains_key(w));
        let listed: Vec<&str> = if all_ids {
            who_value.split_whitespace().collect()
        } else {
            vec![who_value.trim()]
        };
        for who in listed {
            let who = who.trim_start_matches('#');
            if who.is_empty() {
                continue;
            }
            let p = by_id.get(who).map(|&i| &persons[i]);
            if p.is_none() && !persons.is_empty() && unknown.insert(who.to_string()) {
                warn(
                    &mut notes,
                    format!("speaker \"{who}\" is not declared in the <listPerson>"),
                );
            }
            let name = p
                .and_then(|p| p.name.clone())
                .unwrap_or_else(|| who.to_string());
            let declared = [
                p.and_then(|p| p.role.as_deref()),
                turn.speech.ana.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            let ids: Vec<&str> = match p {
                Some(p) => p.ids.iter().map(String::as_str).collect(),
                None => vec![who],
            };
            let role = speaker_role(roles, Some(&declared), &name, &ids);
            if speech::declared_role(roles, Some(&declared)) == Some(role) {
                declared_by.push((name.clone(), role));
            }
            turn_roles.push(role);
            names.push(name);
        }
        let role = turn_roles
            .iter()
            .copied()
            .reduce(|a, b| if a == b { a } else { Role::Unknown })
            .unwrap_or(Role::Unknown);
        let speaker = (!names.is_empty()).then(|| names.join("+"));
        let mut time = |value: Option<&str>, anchor: Option<&str>, what: &str| {
            let reference = match value {
                Some(v) => time_ref(v),
                None => anchor.map(|a| TimeRef::Id(a.trim_start_matches('#').to_string())),
            };
            match reference? {
                TimeRef::Seconds(s) => Some(s),
                TimeRef::Id(when) => {
                    let t = timeline.time(&when);
                    if t.is_none() {
                        warn(
                            &mut notes,
                            format!("{what} \"#{when}\" points to no <when> of the timeline"),
                        );
                    }
                    t
                }
            }
        };
        let start = time(
            turn.speech.start.as_deref(),
            turn.anchor_start.as_deref(),
            "start",
        );
        let mut end = time(
            turn.speech.end.as_deref(),
            turn.anchor_end.as_deref(),
            "end",
        );
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                warn(
                    &mut notes,
                    format!("<u> ends ({e}) before it starts ({s}): its end is left out"),
                );
                end = None;
            }
        }
        if names.len() == 1 {
            if let Some((name, role)) = declared_by.first() {
                attributed.insert((name.clone(), *role));
            }
        }
        assembler.push(speaker.as_deref(), role, &turn.words, start, end);
    }
    if pending.is_empty() {
        notes.push(
            None,
            "a TEI header with no speech (no <u> element): metadata only",
        );
    }
    assembler.finish(&mut transcript);
    for (name, role) in attributed {
        speech::record_attribute(&mut transcript, &name, role);
    }
    transcript.metadata = meta;
    transcript.warnings = notes.finish();
    Ok(transcript)
}

/// Whether the element just read sits in a `parent` element.
fn parent_is(xml: &XmlStream<'_>, empty: bool, parent: &str) -> bool {
    let holder = if empty { xml.current() } else { xml.parent() };
    holder == Some(parent)
}

fn finish_u(u: OpenU) -> Pending {
    let mut words = String::new();
    push_words(&mut words, &u.raw);
    let anchor_start = u
        .anchors
        .first()
        .filter(|(_, after)| !after)
        .map(|(a, _)| a.clone());
    let anchor_end = u
        .anchors
        .last()
        .filter(|(_, after)| *after)
        .map(|(a, _)| a.clone());
    Pending {
        speech: u.speech,
        at: u.at,
        words,
        anchor_start,
        anchor_end,
    }
}

/// Header fields read from attributes go straight to `meta`; the key of a field read from the
/// element's text is returned.
fn header_field(
    name: &str,
    attrs: &[(String, String)],
    meta: &mut BTreeMap<String, String>,
) -> Option<&'static str> {
    let mut set = |key: &str, value: Option<&str>| {
        if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
            meta.entry(key.to_string()).or_insert_with(|| v.to_string());
        }
    };
    match name {
        "title" => Some("title"),
        "idno" => Some("idno"),
        "publisher" => Some("publisher"),
        "abstract" => Some("abstract"),
        "place" => Some("place"),
        "date" => {
            set("duration", attr(attrs, "dur"));
            set("date", attr(attrs, "when"));
            (attr(attrs, "dur").is_none()).then_some("date")
        }
        "licence" => {
            set("licence", attr(attrs, "target"));
            Some("licence")
        }
        "availability" => {
            set("availability", attr(attrs, "status"));
            None
        }
        "language" => {
            set("language", attr(attrs, "ident"));
            None
        }
        "recording" => {
            set("duration", attr(attrs, "dur"));
            None
        }
        "media" => {
            set("media", attr(attrs, "url"));
            None
        }
        "catRef" => {
            let key = attr(attrs, "corresp")
                .or(attr(attrs, "scheme"))
                .map_or_else(
                    || "catRef".to_string(),
                    |c| format!("catRef.{}", c.trim().trim_start_matches('#')),
                );
            set(&key, attr(attrs, "target"));
            None
        }
        _ => None,
    }
}
