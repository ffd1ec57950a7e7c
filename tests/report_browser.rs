//! The report of `corpora/` in a real browser (headless Chromium): it renders (a screenshot, kept
//! under `target/report_browser/`), every section is in the DOM, the heatmap has one cell per theme
//! and group holding the library's own rate, and the page asks for nothing over a network (names
//! resolve nowhere, and the browser's network log holds no request but the file itself).
//!
//! Runs when Chromium is installed; required with `CI=true` (`.ci/run` installs it).

mod common;

use entretien::group::GroupBy;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Chromium, or `None` (said) outside CI; under `CI=true` it must be there.
fn chromium() -> Option<PathBuf> {
    for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if Path::new(candidate).is_file() {
            return Some(candidate.into());
        }
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI=true but chromium is missing (Debian: apt-get install chromium)");
    }
    eprintln!("skipping the browser test: chromium not found (set CI=true to require it)");
    None
}

/// Runs headless Chromium on `page` with a fresh profile, no name resolution and a network log,
/// with `extra` arguments; returns its standard output and the network log.
fn browse(chromium: &Path, page: &Path, extra: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let log = profile.path().join("netlog.json");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.path().join("profile").display()
        ))
        .arg(format!("--log-net-log={}", log.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = std::fs::read_to_string(&log).unwrap_or_default();
    (String::from_utf8_lossy(&out.stdout).into_owned(), log)
}

/// The URLs a page asked for, from a Chromium network log: the jobs started for an initiator. The
/// browser's own traffic (time, update and account checks, which `--disable-background-networking`
/// does not silence, and the host rules send nowhere) has no initiator ("not an origin"); a request
/// of a `file://` page has the opaque origin "null".
fn page_requests(log: &str) -> Vec<String> {
    let log: serde_json::Value = serde_json::from_str(log)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", log.trim_end().trim_end_matches(','))))
        .expect("a network log in JSON");
    let start = &log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"];
    assert!(start.is_u64(), "the log names its event types");
    log["events"]
        .as_array()
        .expect("logged events")
        .iter()
        // A job's start (its end has no parameters).
        .filter(|e| e["type"] == *start && e["params"]["url"].is_string())
        .filter(|e| e["params"]["initiator"] != "not an origin")
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_string))
        .collect()
}

/// The value of attribute `name` in an element's start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;` undone (what a DOM dump escapes in attributes).
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The check above sees what a page asks for: a page with an image and a stylesheet elsewhere.
#[test]
fn the_network_check_sees_a_page_that_asks_for_more() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("control.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><p>x</p><img src=\"http://example.com/x.png\">\
         <link rel=\"stylesheet\" href=\"https://fonts.example.org/a.css\"></body></html>",
    )
    .unwrap();
    let (_, log) = browse(&chromium, &page, &["--dump-dom".into()]);
    let asked = page_requests(&log);
    assert!(
        asked.contains(&"http://example.com/x.png".to_string()),
        "{asked:?}"
    );
    assert!(
        asked.contains(&"https://fonts.example.org/a.css".to_string()),
        "{asked:?}"
    );
}

#[test]
fn the_report_of_corpora_renders_offline_in_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let artefacts = root.join("target/report_browser");
    std::fs::create_dir_all(&artefacts).unwrap();
    let page = artefacts.join("report.html");
    let made = Command::new(env!("CARGO_BIN_EXE_entretien"))
        .current_dir(root)
        .args([
            "report",
            "corpora/",
            "--by",
            "type_employeur",
            "--classes",
            "--k",
            "4",
            "-q",
            "-o",
        ])
        .arg(&page)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();

    // The page names nothing outside itself: no src, no link, no url(), no address but in text.
    let reference = regex::Regex::new(r#"(?i)(src|href)\s*=\s*"([^"]*)"|url\(|@import"#).unwrap();
    for c in reference.captures_iter(&html) {
        let target = c.get(2).map_or("", |m| m.as_str());
        assert!(
            target.starts_with('#'),
            "the page refers to something outside itself: {}",
            &c[0]
        );
    }
    assert!(!html.contains("http://") && !html.contains("https://"));

    let shot = artefacts.join("report.png");
    let _ = std::fs::remove_file(&shot);
    let (_, log) = browse(
        &chromium,
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000".into(),
        ],
    );
    let png = std::fs::read(&shot).expect("chromium wrote the screenshot");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    assert!(
        png.len() > 30_000,
        "a screenshot of a page, not a blank: {} bytes",
        png.len()
    );
    assert_eq!(
        page_requests(&log),
        Vec::<String>::new(),
        "the page asked for nothing"
    );
    let (dom, log) = browse(&chromium, &page, &["--dump-dom".into()]);
    assert_eq!(
        page_requests(&log),
        Vec::<String>::new(),
        "the page asked for nothing"
    );
    for id in [
        "corpus",
        "themes",
        "heatmap-type_employeur",
        "profiles",
        "progression",
        "cooccurrence",
        "quotes",
        "classes",
    ] {
        assert!(
            dom.contains(&format!("<section id=\"{id}\">")),
            "section {id} is in the DOM"
        );
    }
    assert!(dom.contains("<mark>"), "quotes highlight their indicators");

    // The heatmap: one cell per theme × group, each with the library's rate.
    let groups = common::groups::corpora_groups(GroupBy::parse("type_employeur"));
    let cell = regex::Regex::new(r#"<rect [^>]*class="cell"[^>]*>"#).unwrap();
    let cells: Vec<&str> = cell.find_iter(&dom).map(|m| m.as_str()).collect();
    let themes = groups[0].themes.len();
    assert_eq!(
        cells.len(),
        groups.len() * themes,
        "one cell per theme × group"
    );
    for g in &groups {
        for t in &g.themes {
            let found = cells.iter().find(|c| {
                attr(c, "data-group").map(unescape).as_deref() == Some(g.group.as_str())
                    && attr(c, "data-theme").map(unescape).as_deref() == Some(t.theme.as_str())
            });
            let found = found.unwrap_or_else(|| panic!("no cell for {} × {}", t.theme, g.group));
            let rate: f64 = attr(found, "data-per1000").unwrap().parse().unwrap();
            assert_eq!(rate, t.per_1000, "{} × {}", t.theme, g.group);
            let docs: u64 = attr(found, "data-documents").unwrap().parse().unwrap();
            assert_eq!(docs, g.documents);
        }
    }
}
