//! ELAN annotation files (`.eaf`).
//!
//! Each annotation of a top-level tier (one without `PARENT_REF`) is a turn, timed by its two
//! `TIME_SLOT`s (milliseconds, made seconds). Tiers with a `PARENT_REF` hold dependent material
//! (translations, glosses, `%com`-like comments, reference annotations) and are kept out of the
//! words. The speaker is the tier's `PARTICIPANT`, else the `PARTICIPANT` of a tier depending on it
//! (fieldwork hierarchies name it there: `ref@SP > tx@SP PARTICIPANT="SP"`), else the tier id;
//! tiers of one participant give turns of one speaker. The role comes from the participant name
//! and the tier id (an `Observateur` tier, a participant called `Observer`) as
//! `speech::speaker_role` resolves them. Turns are in time order across tiers (ties: tier
//! order, then file order); an annotation whose slots have no time (unaligned, as ELAN allows)
//! sorts at the time of the last aligned slot before it in `TIME_ORDER` and has no time itself.
//!
//! Metadata: the document's `AUTHOR`, `DATE`, `FORMAT`, `VERSION`, the header's `MEDIA_URL` (as
//! `media`) and `PROPERTY`s (`property.NAME`), and each tier's participant and annotator
//! (`tier.ID.participant`, `tier.ID.annotator`). A time slot reference that points nowhere and an
//! annotation that ends before it starts are warnings naming the line; entities are never expanded.

use crate::error::{Error, Result};
use crate::transcript::markup::{attr, local_name, XmlStream};
use crate::transcript::roles::CompiledRoles;
use crate::transcript::speech::{push_words, speaker_role, Notes};
use crate::transcript::{line_of, Assembler, Format, Role, Transcript};
use quick_xml::events::Event;
use std::collections::{BTreeMap, HashMap};

struct Tier {
    id: String,
    participant: Option<String>,
    parent: Option<String>,
}

/// A top-level annotation.
struct Annotation {
    tier: usize,
    slot1: String,
    slot2: String,
    words: String,
    at: usize,
}

/// A turn placed in time: its sort key, tier, annotation index and times.
struct Placed {
    key: f64,
    tier: usize,
    index: usize,
    start: Option<f64>,
    end: Option<f64>,
}

/// A time slot: its time in seconds if aligned, and its rank in `TIME_ORDER`.
struct Slot {
    time: Option<f64>,
    rank: usize,
}

/// Reads an ELAN file.
pub(crate) fn parse(text: &str, id: &str, roles: &CompiledRoles) -> Result<Transcript> {
    let mut xml = XmlStream::new(text);
    let mut meta: BTreeMap<String, String> = BTreeMap::new();
    let mut notes = Notes::default();
    let mut slots: HashMap<String, Slot> = HashMap::new();
    let mut slot_times: Vec<Option<f64>> = Vec::new();
    let mut tiers: Vec<Tier> = Vec::new();
    let mut annotations: Vec<Annotation> = Vec::new();
    // The tier being read, if top-level; the annotation being read; a PROPERTY's name.
    let mut tier_open: Option<(usize, bool)> = None;
    let mut current: Option<Annotation> = None;
    let mut in_value = false;
    let mut property: Option<(String, String)> = None;
    let mut seen_root = false;
    loop {
        let (at, event) = xml.next()?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = local_name(e).to_string();
                let attrs = xml.attributes(e, at)?;
                match name.as_str() {
                    "ANNOTATION_DOCUMENT" => {
                        seen_root = true;
                        for key in ["AUTHOR", "DATE", "FORMAT", "VERSION"] {
                            if let Some(v) = attr(&attrs, key).filter(|v| !v.trim().is_empty()) {
                                meta.insert(key.to_ascii_lowercase(), v.to_string());
                            }
                        }
                    }
                    "MEDIA_DESCRIPTOR" => {
                        if let Some(url) = attr(&attrs, "MEDIA_URL") {
                            meta.entry("media".into())
                                .or_insert_with(|| url.to_string());
                        }
                    }
                    "PROPERTY" if !empty => {
                        let key = attr(&attrs, "NAME").unwrap_or("").to_string();
                        property = Some((key, String::new()));
                    }
                    "TIME_SLOT" => {
                        let Some(slot_id) = attr(&attrs, "TIME_SLOT_ID") else {
                            continue;
                        };
                        let time = attr(&attrs, "TIME_VALUE")
                            .and_then(|v| v.trim().parse::<f64>().ok())
                            .filter(|t| t.is_finite())
                            .map(|ms| ms / 1000.0);
                        slots.insert(
                            slot_id.to_string(),
                            Slot {
                                time,
                                rank: slot_times.len(),
                            },
                        );
                        slot_times.push(time);
                    }
                    "TIER" => {
                        let tier_id = attr(&attrs, "TIER_ID").unwrap_or("").trim().to_string();
                        let participant = attr(&attrs, "PARTICIPANT")
                            .map(str::trim)
                            .filter(|p| !p.is_empty())
                            .map(str::to_string);
                        let parent = attr(&attrs, "PARENT_REF").map(str::to_string);
                        if let Some(p) = &participant {
                            meta.insert(format!("tier.{tier_id}.participant"), p.clone());
                        }
                        if let Some(a) = attr(&attrs, "ANNOTATOR").filter(|a| !a.trim().is_empty())
                        {
                            meta.insert(format!("tier.{tier_id}.annotator"), a.to_string());
                        }
                        let top = parent.is_none();
                        tiers.push(Tier {
                            id: tier_id,
                            participant,
                            parent,
                        });
                        if !empty {
                            tier_open = Some((tiers.len() - 1, top));
                        }
                    }
                    "ALIGNABLE_ANNOTATION" => {
                        if let Some((tier, true)) = tier_open {
                            let slot = |key| attr(&attrs, key).unwrap_or("").trim().to_string();
                            let annotation = Annotation {
                                tier,
                                slot1: slot("TIME_SLOT_REF1"),
                                slot2: slot("TIME_SLOT_REF2"),
                                words: String::new(),
                                at,
                            };
                            if empty {
                                annotations.push(annotation);
                            } else {
                                current = Some(annotation);
                            }
                        }
                    }
                    "ANNOTATION_VALUE" => in_value = current.is_some() && !empty,
                    _ => {}
                }
            }
            Event::Text(_) | Event::CData(_) => {
                if in_value {
                    if let Some(a) = current.as_mut() {
                        let words = xml.text_of(&event);
                        push_words(&mut a.words, &words);
                    }
                } else if let Some((_, value)) = property.as_mut() {
                    let words = xml.text_of(&event);
                    push_words(value, &words);
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                b"ANNOTATION_VALUE" => in_value = false,
                b"ALIGNABLE_ANNOTATION" => annotations.extend(current.take()),
                b"TIER" => tier_open = None,
                b"PROPERTY" => {
                    if let Some((key, value)) = property.take() {
                        if !key.is_empty() && !value.is_empty() {
                            meta.insert(format!("property.{key}"), value);
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err(Error::transcript(
            Some(1),
            "not an ELAN file: no <ANNOTATION_DOCUMENT> element",
        ));
    }
    if let Some(note) = xml.entity_note() {
        notes.push(None, note);
    }
    // A top-level tier without a participant takes the first one named below it.
    let participant_below = |top: &str| -> Option<String> {
        let mut frontier = vec![top.to_string()];
        let mut steps = 0;
        while let Some(parent) = frontier.pop() {
            steps += 1;
            if steps > tiers.len() {
                break;
            }
            for t in tiers
                .iter()
                .filter(|t| t.parent.as_deref() == Some(&parent))
            {
                if t.participant.is_some() {
                    return t.participant.clone();
                }
                frontier.push(t.id.clone());
            }
        }
        None
    };
    let speakers: Vec<(String, Role)> = tiers
        .iter()
        .map(|t| {
            let name = t
                .participant
                .clone()
                .or_else(|| participant_below(&t.id))
                .unwrap_or_else(|| t.id.clone());
            let role = speaker_role(roles, None, &name, &[t.id.as_str()]);
            (name, role)
        })
        .collect();
    // The time of the last aligned slot at or before each rank: where unaligned slots sort.
    let mut sort_times: Vec<f64> = Vec::with_capacity(slot_times.len());
    let mut last = 0.0;
    for t in &slot_times {
        last = t.unwrap_or(last);
        sort_times.push(last);
    }
    let mut turns: Vec<Placed> = Vec::new();
    let mut last_key_of_tier: HashMap<usize, f64> = HashMap::new();
    for (i, a) in annotations.iter().enumerate() {
        let mut slot = |slot_id: &str, which: &str| -> Option<&Slot> {
            let found = slots.get(slot_id);
            if found.is_none() {
                if notes.has_room() {
                    notes.push(
                        Some(line_of(text, a.at)),
                        format!(
                            "annotation of tier \"{}\": {which} time slot \"{slot_id}\" is not in the TIME_ORDER",
                            tiers[a.tier].id
                        ),
                    );
                } else {
                    notes.count_dropped();
                }
            }
            found
        };
        let s1 = slot(&a.slot1, "start");
        let s2 = slot(&a.slot2, "end");
        let start = s1.and_then(|s| s.time);
        let mut end = s2.and_then(|s| s.time);
        let key = s1
            .map(|s| sort_times[s.rank])
            .or_else(|| last_key_of_tier.get(&a.tier).copied())
            .unwrap_or(0.0);
        last_key_of_tier.insert(a.tier, key);
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                notes.push(
                    Some(line_of(text, a.at)),
                    format!("annotation ends ({e}) before it starts ({s}): its end is left out"),
                );
                end = None;
            }
        }
        turns.push(Placed {
            key,
            tier: a.tier,
            index: i,
            start,
            end,
        });
    }
    turns.sort_by(|a, b| {
        a.key
            .total_cmp(&b.key)
            .then(a.tier.cmp(&b.tier))
            .then(a.index.cmp(&b.index))
    });
    let mut assembler = Assembler::new();
    for t in turns {
        let (name, role) = &speakers[t.tier];
        assembler.push(
            Some(name),
            *role,
            &annotations[t.index].words,
            t.start,
            t.end,
        );
    }
    let mut transcript = Transcript::empty(id.to_string(), Format::Eaf);
    assembler.finish(&mut transcript);
    transcript.metadata = meta;
    transcript.warnings = notes.finish();
    Ok(transcript)
}
