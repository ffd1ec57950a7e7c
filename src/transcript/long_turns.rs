//! Turns longer than [`MAX_TURN_BYTES`] are cut into several turns of the same speaker.
//!
//! A turn is the unit the analyzer works on at once: its negation scopes, its phrase matching and
//! its scratch buffers are sized by it. A transcript whose one line holds a whole book (an export
//! without line breaks, a paste gone wrong) would otherwise make one turn of hundreds of megabytes.
//! The cut falls at the last sentence end (`.`, `!`, `?`, `…` or a line break, then white space)
//! before the limit, else at the last white space, else inside a word at a character boundary; the
//! pieces keep the speaker, role and times of the turn, and a warning says how many were cut. Counts
//! are unchanged except for a phrase or a negation scope that would have run across a cut.

use super::{push_times, Transcript, Turn, TurnTimes, Warning};
use crate::Span;

/// The longest turn, in bytes of text, that is analysed whole (1 MiB: about 170,000 words, several
/// hours of one person speaking without a break).
pub const MAX_TURN_BYTES: usize = 1 << 20;

/// Cuts every turn longer than `max` bytes, and says so in the transcript's warnings.
pub(crate) fn cut_long_turns(t: &mut Transcript, max: usize) {
    let max = max.max(64);
    let Some(first) = t.turns.iter().find(|turn| turn.span.len() > max) else {
        return;
    };
    let at = first.span.start;
    let (mut long, mut pieces) = (0usize, 0usize);
    let mut timed: Vec<TurnTimes> = Vec::new();
    let mut out: Vec<Turn> = Vec::with_capacity(t.turns.len() + 1);
    for turn in std::mem::take(&mut t.turns) {
        if turn.span.len() <= max {
            out.push(turn);
            continue;
        }
        long += 1;
        let times = t.times_of(&turn);
        let mut start = turn.span.start;
        let mut piece = |out: &mut Vec<Turn>, span: Span| {
            // Every piece keeps the turn's times (the first one begins where the turn did).
            if span.start != turn.span.start {
                timed.push(TurnTimes {
                    at: span.start,
                    ..times
                });
            }
            out.push(Turn { span, ..turn });
        };
        while turn.span.end - start > max {
            let cut = cut_point(&t.text, start, start + max);
            piece(&mut out, Span::new(start, cut));
            pieces += 1;
            start = cut + leading_space(&t.text[cut..turn.span.end]);
        }
        if start < turn.span.end {
            piece(&mut out, Span::new(start, turn.span.end));
            pieces += 1;
        }
    }
    t.turns = out;
    for times in timed {
        push_times(&mut t.times, times.at, times.start, times.end);
    }
    t.warnings.push(Warning::new(
        None,
        format!(
            "{long} turn(s) longer than {} KiB, the first at byte {at}, cut into {pieces} turns of \
             the same speaker at sentence ends (a phrase or negation does not run across a cut)",
            max / 1024
        ),
    ));
}

/// Where to end a piece that starts at `lo` and may not pass `hi`: after the last sentence end in
/// the last quarter of the window, else at its last white space, else at a character boundary.
fn cut_point(text: &str, lo: usize, hi: usize) -> usize {
    let mut hi = hi.min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let from = lo + (hi - lo) * 3 / 4;
    let mut from = from.max(lo + 1);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text[from..hi];
    let sentence_end = window.char_indices().rev().find_map(|(i, c)| {
        let next = window[i + c.len_utf8()..].chars().next();
        (matches!(c, '.' | '!' | '?' | '…' | '\n') && next.is_some_and(char::is_whitespace))
            .then_some(from + i + c.len_utf8())
    });
    if let Some(cut) = sentence_end {
        return cut;
    }
    if let Some(i) = window.rfind(char::is_whitespace) {
        return from + i;
    }
    if hi > lo {
        hi
    } else {
        // A window that holds no character boundary cannot occur for `max` of 64 bytes or more;
        // go to the next boundary rather than loop.
        let mut next = lo + 1;
        while !text.is_char_boundary(next) {
            next += 1;
        }
        next
    }
}

fn leading_space(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Role;

    fn one_turn(text: &str) -> Transcript {
        Transcript::from_text("t", text)
    }

    #[test]
    fn a_long_turn_is_cut_at_sentence_ends_into_pieces_that_cover_its_words() {
        let sentence = "On clique toute la journée, seule devant l'écran. ";
        let text = sentence.repeat(100);
        let mut t = one_turn(&text);
        let role = t.turns[0].role;
        cut_long_turns(&mut t, 1000);
        assert!(t.turns.len() >= 5, "{}", t.turns.len());
        assert_eq!(t.warnings.len(), 1);
        assert!(
            t.warnings[0].message.contains("byte 0"),
            "{}",
            t.warnings[0].message
        );
        let mut words = Vec::new();
        for turn in &t.turns {
            assert!(turn.span.len() <= 1000);
            assert_eq!(turn.role, role);
            let piece = &t.text[turn.span.range()];
            assert!(piece.trim_end().ends_with('.'), "{piece:?}");
            words.extend(piece.split_whitespace());
        }
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn the_pieces_keep_the_speaker_and_times_of_their_turn() {
        let text = format!("{}\n{}", "Bref. ".repeat(100), "Fin.");
        let mut t = one_turn(&text);
        t.turns.clear();
        let long = t.push_turn(Some("R"), Role::Respondent, Span::new(0, 599));
        let last = t.push_turn(Some("E"), Role::Interviewer, Span::new(601, 605));
        t.set_turn_times(long, Some(1.0), Some(9.0));
        t.set_turn_times(last, Some(10.0), None);
        cut_long_turns(&mut t, 100);
        assert!(t.turns.len() >= 7, "{}", t.turns.len());
        let (pieces, end) = t.turns.split_at(t.turns.len() - 1);
        for turn in pieces {
            assert_eq!(t.turn_speaker(turn), Some("R"));
            assert_eq!(
                (t.turn_start(turn), t.turn_end(turn)),
                (Some(1.0), Some(9.0))
            );
        }
        assert_eq!(t.turn_speaker(&end[0]), Some("E"));
        assert_eq!(
            (t.turn_start(&end[0]), t.turn_end(&end[0])),
            (Some(10.0), None)
        );
    }

    #[test]
    fn text_without_spaces_or_sentences_is_cut_at_character_boundaries() {
        for text in ["é".repeat(5000), "a".repeat(5000), "日本".repeat(900)] {
            let mut t = one_turn(&text);
            cut_long_turns(&mut t, 100);
            let joined: String = t.turns.iter().map(|x| &t.text[x.span.range()]).collect();
            assert_eq!(joined, text);
            assert!(t
                .turns
                .iter()
                .all(|x| x.span.len() <= 100 && !x.span.is_empty()));
        }
    }

    #[test]
    fn short_turns_are_left_alone_without_a_warning() {
        let mut t = one_turn("Je suis seule au bureau.");
        let before = t.clone();
        cut_long_turns(&mut t, MAX_TURN_BYTES);
        assert_eq!(t, before);
    }
}
