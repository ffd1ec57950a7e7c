//! What every plot of the report is drawn with: text escaped for HTML and SVG, colour scales
//! computed here (no asset, no network), and a small SVG writer.
//!
//! ```
//! use entretien::report::svg::{escape, sequential, Rgb};
//!
//! assert_eq!(escape("a < b & « c »"), "a &lt; b &amp; « c »");
//! // The sequential scale darkens as the value grows, so it reads in greyscale too.
//! assert!(sequential(0.0).luminance() > sequential(1.0).luminance());
//! assert_eq!(sequential(f64::NAN), sequential(0.0));
//! assert_eq!(Rgb(255, 0, 16).hex(), "#ff0010");
//! ```

use std::borrow::Cow;
use std::fmt::Write;

/// Text made safe inside HTML or SVG, in element content and in quoted attributes alike: `& < > " '`
/// become entities, and characters XML does not allow (controls but tab and line ends, lone
/// surrogates cannot occur in a `str`, U+FFFE/U+FFFF) become U+FFFD.
pub fn escape(text: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        matches!(c, '&' | '<' | '>' | '"' | '\'' | '\u{FFFE}' | '\u{FFFF}')
            || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    };
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if bad(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A colour in sRGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG), from 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// Black or white, whichever reads better on this colour.
    pub fn text_colour(self) -> &'static str {
        // The luminance at which black and white have the same contrast ratio.
        if self.luminance() > 0.179 {
            "#000000"
        } else {
            "#ffffff"
        }
    }
}

/// Anchors of the viridis scale (perceptually uniform, colour-blind safe, monotone in lightness),
/// from dark to light; colours between are interpolated.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

/// The report's sequential scale at `t` in `[0, 1]`: viridis run from light (0) to dark (1), so
/// that more is darker on a white page and in greyscale. `t` outside is clamped, NaN is 0.
pub fn sequential(t: f64) -> Rgb {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let x = (1.0 - t) * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + (f64::from(q) - f64::from(p)) * f).round() as u8;
    Rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Okabe and Ito's eight colours (distinct for colour-blind readers), for lines; beyond eight,
/// lines are told apart by their dash pattern too ([`dash`]).
pub const LINE_COLOURS: [&str; 8] = [
    "#000000", "#e69f00", "#56b4e9", "#009e73", "#d55e00", "#0072b2", "#cc79a7", "#8c7a00",
];

/// The colour of series `i`.
pub fn line_colour(i: usize) -> &'static str {
    LINE_COLOURS[i % LINE_COLOURS.len()]
}

/// The dash pattern of series `i` (`None`: solid): solid for the first eight, then dashed, then
/// dotted, so that series stay apart in greyscale.
pub fn dash(i: usize) -> Option<&'static str> {
    match (i / LINE_COLOURS.len()) % 3 {
        0 => None,
        1 => Some("6 3"),
        _ => Some("2 2"),
    }
}

/// Ticks for an axis from 0 to `max`: round steps (1, 2 or 5 times a power of ten), about `n` of
/// them, the last at or above `max`. Always at least `[0, 1]`-like ticks for a zero or bad `max`.
pub fn ticks(max: f64, n: usize) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / n.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    let mut out = vec![0.0];
    let mut k = 1.0;
    while out.last().is_some_and(|&v| v < max) && out.len() < 100 {
        out.push(step * k);
        k += 1.0;
    }
    out
}

/// A number with `decimals` decimals, French (`1 234,5`, thin spaces) or English (`1,234.5`).
pub fn number(x: f64, decimals: usize, french: bool) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push_str(if french { "\u{202f}" } else { "," });
        }
        grouped.push(c);
    }
    let mut out = String::new();
    // "-0.0" is shown as 0.
    if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('−');
    }
    out.push_str(&grouped);
    if !frac.is_empty() {
        out.push(if french { ',' } else { '.' });
        out.push_str(frac);
    }
    out
}

/// An SVG document being written. Every text given to it is escaped.
#[derive(Debug, Clone)]
pub struct Svg {
    out: String,
}

/// Coordinates with two decimals at most (shorter files, the same picture).
pub(crate) fn c(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

impl Svg {
    /// A drawing `width` × `height` pixels, titled `title` (what a screen reader says of it).
    pub fn new(width: f64, height: f64, title: &str) -> Svg {
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg width=\"{w}\" height=\"{h}\" \
             viewBox=\"0 0 {w} {h}\" role=\"img\" font-family=\"system-ui, -apple-system, \
             'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif\" font-size=\"11\">\
             <title>{t}</title><rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>",
            w = c(width),
            h = c(height),
            t = escape(title)
        );
        Svg { out }
    }

    /// A rectangle with a fill, an optional tooltip (`<title>`) and extra attributes (written as
    /// given: the caller escapes their values).
    #[allow(clippy::too_many_arguments)] // a rectangle is four numbers, then what it looks like
    pub fn rect(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: &str,
        tip: Option<&str>,
        attrs: &str,
    ) {
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}{}",
            c(x),
            c(y),
            c(w.max(0.0)),
            c(h.max(0.0)),
            escape(fill),
            if attrs.is_empty() { "" } else { " " },
            attrs
        );
        match tip {
            Some(t) => {
                let _ = write!(self.out, "><title>{}</title></rect>", escape(t));
            }
            None => self.out.push_str("/>"),
        }
    }

    /// A line.
    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
        let _ = write!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
            c(x1),
            c(y1),
            c(x2),
            c(y2),
            escape(stroke),
            c(width)
        );
    }

    /// A polyline through `points`, with an optional dash pattern and tooltip.
    pub fn polyline(
        &mut self,
        points: &[(f64, f64)],
        stroke: &str,
        width: f64,
        dash: Option<&str>,
        tip: Option<&str>,
    ) {
        let mut p = String::with_capacity(points.len() * 12);
        for (i, (x, y)) in points.iter().enumerate() {
            if i > 0 {
                p.push(' ');
            }
            p.push_str(&c(*x));
            p.push(',');
            p.push_str(&c(*y));
        }
        let _ = write!(
            self.out,
            "<polyline points=\"{p}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"",
            escape(stroke),
            c(width)
        );
        if let Some(d) = dash {
            let _ = write!(self.out, " stroke-dasharray=\"{}\"", escape(d));
        }
        match tip {
            Some(t) => {
                let _ = write!(self.out, "><title>{}</title></polyline>", escape(t));
            }
            None => self.out.push_str("/>"),
        }
    }

    /// Text at (`x`, `y`); `anchor` is `start`, `middle` or `end`; `extra` attributes as given.
    pub fn text(&mut self, x: f64, y: f64, text: &str, anchor: &str, extra: &str) {
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\"{}{}>{}</text>",
            c(x),
            c(y),
            escape(anchor),
            if extra.is_empty() { "" } else { " " },
            extra,
            escape(text)
        );
    }

    /// Raw markup made by the caller (already escaped).
    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// A horizontal colour bar for the sequential scale from 0 to `max`, with ticks and a unit, its
    /// top left corner at (`x`, `y`).
    pub fn legend_bar(&mut self, x: f64, y: f64, width: f64, max: f64, unit: &str, french: bool) {
        let steps = 40;
        for i in 0..steps {
            let t = i as f64 / (steps - 1) as f64;
            let w = width / steps as f64;
            self.rect(
                x + i as f64 * w,
                y,
                w + 0.5,
                10.0,
                &sequential(t).hex(),
                None,
                "",
            );
        }
        self.rect(
            x,
            y,
            width,
            10.0,
            "none",
            None,
            "stroke=\"#555\" stroke-width=\"0.5\"",
        );
        let top = if max.is_finite() && max > 0.0 {
            max
        } else {
            1.0
        };
        let decimals = if top < 10.0 { 1 } else { 0 };
        for v in [0.0, top / 2.0, top] {
            let tx = x + width * v / top;
            self.line(tx, y + 10.0, tx, y + 13.0, "#555", 0.5);
            self.text(tx, y + 23.0, &number(v, decimals, french), "middle", "");
        }
        self.text(x + width + 8.0, y + 9.0, unit, "start", "");
    }

    /// The finished drawing, for inside an HTML page (no namespace needed there).
    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// An inline drawing made a file of its own: an XML declaration and the SVG namespace added.
pub fn standalone(svg: &str) -> String {
    let body = svg.strip_prefix("<svg").unwrap_or(svg);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"{body}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_invalid_xml() {
        assert_eq!(escape("plain"), Cow::Borrowed("plain"));
        assert_eq!(
            escape("<script>'x' & \"y\"</script>"),
            "&lt;script&gt;&#39;x&#39; &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{0}b\u{1b}c\td\n"), "a\u{FFFD}b\u{FFFD}c\td\n");
        assert_eq!(escape("\u{FFFF}"), "\u{FFFD}");
    }

    #[test]
    fn sequential_scale_is_monotone_in_luminance() {
        let mut last = f64::INFINITY;
        for i in 0..=100 {
            let l = sequential(i as f64 / 100.0).luminance();
            assert!(l < last, "luminance must fall at {i}: {l} then {last}");
            last = l;
        }
        assert_eq!(sequential(-3.0), sequential(0.0));
        assert_eq!(sequential(7.0), sequential(1.0));
        assert_eq!(sequential(f64::INFINITY), sequential(1.0));
        assert_eq!(sequential(1.0), Rgb(68, 1, 84));
        assert_eq!(sequential(0.0), Rgb(253, 231, 37));
    }

    #[test]
    fn text_on_colours_has_contrast() {
        assert_eq!(sequential(1.0).text_colour(), "#ffffff");
        assert_eq!(sequential(0.0).text_colour(), "#000000");
    }

    #[test]
    fn lines_are_told_apart_beyond_eight() {
        assert_eq!(dash(0), None);
        assert_eq!(dash(8), Some("6 3"));
        assert_eq!(dash(16), Some("2 2"));
        assert_ne!(line_colour(1), line_colour(2));
    }

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(ticks(10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(ticks(7.3, 4), vec![0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(ticks(0.0, 4), vec![0.0, 0.5, 1.0]);
        assert_eq!(ticks(f64::NAN, 4), vec![0.0, 0.5, 1.0]);
        assert!(ticks(1e300, 3).len() <= 100);
        assert!(ticks(f64::MIN_POSITIVE, 0).len() <= 100);
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(number(1234.56, 1, true), "1\u{202f}234,6");
        assert_eq!(number(1234.56, 1, false), "1,234.6");
        assert_eq!(number(-0.01, 1, false), "0.0");
        assert_eq!(number(-2.5, 1, false), "−2.5");
        assert_eq!(number(f64::NAN, 1, true), "–");
        assert_eq!(number(12.0, 0, true), "12");
    }

    #[test]
    fn svg_text_is_escaped_and_coordinates_short() {
        let mut s = Svg::new(10.0, 10.0, "a < b");
        s.text(1.0 / 3.0, 2.0, "x & y", "start", "");
        s.rect(0.0, 0.0, -5.0, f64::NAN, "#fff", Some("<t>"), "");
        let out = s.finish();
        assert!(out.contains("<title>a &lt; b</title>"));
        assert!(out.contains(">x &amp; y</text>"));
        assert!(out.contains("x=\"0.33\""));
        assert!(out.contains("width=\"0\" height=\"0\""));
        assert!(out.contains("<title>&lt;t&gt;</title>"));
        assert!(out.ends_with("</svg>"));
    }
}
