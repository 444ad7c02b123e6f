//! Hostile content in the webview: a map whose every text is an attack
//! (markup, event handlers, `javascript:` URLs, closing tags, template
//! syntax, control and zero-width characters, right-to-left text, very long
//! strings) is shown as text: no dialog, no new element, no script run; and
//! the page's Content Security Policy blocks inline scripts.

use std::time::Duration;

use serde_json::{json, Value};
use travesia_e2e::{import_map, App};

const ATTACKS: &[&str] = &[
    "<script>window.__pwned=1;alert(1)</script>",
    "<img src=x onerror=\"window.__pwned=2;alert(2)\">",
    "<a href=\"javascript:window.__pwned=3\">clic</a>",
    "</text></svg><svg onload=\"window.__pwned=4\">",
    "{{constructor.constructor('window.__pwned=5')()}}",
    "${window.__pwned=6}",
    "\u{202e}evil\u{202c} \u{200b}zero\u{200d}width مرحبا שלום",
    "&lt;b&gt;escaped&lt;/b&gt; &amp; \"quotes\" 'single'",
];

fn hostile_map() -> Value {
    let text = |i: usize| ATTACKS[i % ATTACKS.len()].to_string();
    let long = "x".repeat(3000) + "<script>window.__pwned=7</script>";
    let stages: Vec<Value> = (0..4)
        .map(|i| json!({"id": format!("s{i}"), "title": text(i)}))
        .collect();
    let lanes = json!([
        {"id": "t", "kind": "touchpoints", "title": text(1)},
        {"id": "a", "kind": "actions", "title": text(3)},
        {"id": "e", "kind": "emotions", "title": text(4)}
    ]);
    let mut cards = Vec::new();
    for (i, attack) in ATTACKS.iter().enumerate() {
        cards.push(json!({"id": format!("c{i}"), "stage": format!("s{}", i % 4), "lane": "a", "text": attack}));
    }
    cards.push(json!({"id": "long", "stage": "s0", "lane": "a", "text": long}));
    cards.push(
        json!({"id": "ctl", "stage": "s1", "lane": "a", "text": "tab\there\u{7}bell\u{1b}[31mred"}),
    );
    for i in 0..4 {
        cards.push(
            json!({"id": format!("t{i}"), "stage": format!("s{i}"), "lane": "t",
            "text": text(i + 2), "channel": "web", "online": true}),
        );
    }
    json!({
        "format": "travesia",
        "version": 1,
        "map": {
            "title": "<script>window.__pwned=8</script> Mapa hostil",
            "description": "<iframe src=\"javascript:window.__pwned=9\"></iframe>",
            "personas": [{
                "id": "p1",
                "name": "<img src=x onerror=window.__pwned=10>",
                "role": "{{7*7}}",
                "quote": "</text><script>window.__pwned=11</script>",
                "goals": ["<b onmouseover=window.__pwned=12>meta</b>"],
                "frustrations": ["javascript:alert(1)"]
            }],
            "stages": stages,
            "lanes": lanes,
            "cards": cards,
            "routes": [{"id": "r1", "name": "<svg/onload=window.__pwned=13>", "color": "#2B8A3E",
                        "steps": ["t0", "t1", "t2"]}]
        }
    })
}

#[tokio::test(flavor = "current_thread")]
async fn hostile_text_everywhere_is_shown_as_text_and_nothing_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let file = dir.path().join("hostil.travesia");
    std::fs::write(&file, hostile_map().to_string()).unwrap();
    let id = import_map(&db, &file);

    let app = App::start(&db).await;
    const ACTIVE: &str =
        "return [...document.querySelectorAll('script, iframe, object, embed, img, a[href]')]
        .map(e => e.outerHTML.slice(0, 160))";
    let baseline = app.js(ACTIVE).await;
    app.open_map(&id).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot("hostile-map").await;

    // No dialog opened.
    assert!(
        app.client.get_alert_text().await.is_err(),
        "an alert is showing"
    );
    // No script ran.
    let pwned = app
        .js("return window.__pwned === undefined ? null : window.__pwned")
        .await;
    assert_eq!(pwned, Value::Null, "a hostile string ran as script");
    // No element came from the map's text: the same scripts, frames, images
    // and links as before the map was opened, and no inline event handler anywhere.
    // (The home's own thumbnails leave with the home; nothing may be added.)
    let after = app.js(ACTIVE).await;
    let before: Vec<Value> = baseline.as_array().cloned().unwrap_or_default();
    for el in after.as_array().unwrap() {
        assert!(before.contains(el), "a new active element appeared: {el}");
    }
    let handlers = app
        .js(
            "return [...document.querySelectorAll('*')].filter(e =>
               [...e.attributes].some(a => /^on/i.test(a.name) || /javascript:/i.test(a.value))).length",
        )
        .await;
    assert_eq!(
        handlers,
        json!(0),
        "an element carries an event handler or javascript: URL"
    );
    // The texts are on the canvas, literally.
    let shown = app
        .canvas_text()
        .await
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let shown = shown.as_str();
    for needle in [
        "<script>window.__pwned=1;alert(1)</script>",
        "onerror=",
        "{{constructor",
        "&lt;b&gt;escaped",
    ] {
        assert!(shown.contains(needle), "{needle:?} is not shown as text");
    }
    assert!(shown.contains("שלום"), "Hebrew is drawn");
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_content_security_policy_blocks_inline_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let app = App::start(&db).await;
    let result = app
        .js(
            "window.__violations = [];
             document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));
             const s = document.createElement('script');
             s.textContent = 'window.__inline = 1';
             document.body.appendChild(s);
             const i = document.createElement('img');
             i.setAttribute('src', 'https://example.com/x.png');
             document.body.appendChild(i);
             const meta = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]');
             return { inline: window.__inline === undefined ? null : window.__inline,
                      meta: meta ? meta.getAttribute('content') : null };",
        )
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        result["inline"],
        Value::Null,
        "an inline script ran: {result}"
    );
    let violations = app.js("return window.__violations").await;
    let v = violations.to_string();
    assert!(
        v.contains("script-src"),
        "the inline script was reported as a CSP violation: {v}"
    );
    assert!(
        v.contains("img-src"),
        "a remote image was refused by the CSP: {v}"
    );
    if let Some(meta) = result["meta"].as_str() {
        assert!(
            !meta.contains("unsafe-eval") && !meta.contains("unsafe-inline'; script"),
            "{meta}"
        );
    }
    app.quit().await;
}
