//! Research behind the map, in the real app: a card marked as an assumption
//! with a customer's quote from its inspector (each choice one edit, undone
//! with Ctrl+Z), the quote drawn on the canvas, the filter that fades every
//! card but the assumptions, and the PDF poster printing the badge's legend
//! and the quote, or leaving them out when the export dialog is told to.

use std::path::Path;
use std::time::Duration;

use fantoccini::key::Key;
use travesia_e2e::{App, Started};

const QUOTE: &str = "No sabía si abrían el domingo";

fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) runs");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The ids of the cards near the view that the canvas painted faded.
async fn faded(app: &App) -> Vec<String> {
    let v = app
        .js("return [...document.querySelectorAll('[data-testid=canvas] .hits [data-card-id]')].map(g => g.dataset.cardId).filter(id => window.__travesiaTiles.painted(id)?.opacity === 0.2)")
        .await;
    serde_json::from_value(v).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn a_card_marked_as_an_assumption_with_a_quote_is_filtered_and_printed() {
    let dir = tempfile::tempdir().unwrap();
    let started = Started::on_template(dir.path(), "three-stages.es.travesia").await;
    let (app, db, id) = (&started.app, &started.db, &started.id);
    let load = || travesia_store::Library::open(db).unwrap().load(id).unwrap();
    let map = load();
    // A card of a lane drawn as cards.
    let card = map
        .cards
        .iter()
        .find(|c| {
            map.lane(&c.lane)
                .is_some_and(|l| !l.kind.one_card_per_stage())
        })
        .unwrap()
        .id
        .clone();
    let evidence = || load().card(&card).and_then(|c| c.evidence.clone());
    app.open_map(id).await;
    app.zoom_100().await;
    let el = app
        .find(&format!("[data-testid=canvas] [data-card-id='{card}']"))
        .await;
    app.click(&el).await;
    app.wait_for("[data-testid=card-evidence]", Duration::from_secs(10))
        .await;
    assert_eq!(app.count("[data-testid=evidence-filter]").await, 0);

    // The confidence, then the source, then the quote: one edit each.
    app.click_in_view("[data-testid=confidence-assumption]")
        .await;
    app.wait_until(
        "return document.querySelector('[data-testid=confidence-assumption]')?.getAttribute('aria-pressed') === 'true'",
        "the card is an assumption",
        Duration::from_secs(10),
    )
    .await;
    app.js("const s = document.querySelector('[data-testid=evidence-source]'); s.value = 'interview'; s.dispatchEvent(new Event('change', {bubbles: true})); return 1")
        .await;
    app.js("const t = document.querySelector('[data-testid=evidence-note]'); t.scrollIntoView({block: 'center'}); t.focus(); return 1")
        .await;
    app.find("[data-testid=evidence-note]")
        .await
        .send_keys(QUOTE)
        .await
        .unwrap();
    // Leaving the field keeps what was typed.
    app.js("document.querySelector('[data-testid=evidence-note]').blur(); return 1")
        .await;
    let mut kept = None;
    for _ in 0..100 {
        kept = evidence();
        if kept.as_ref().and_then(|e| e.note.as_deref()) == Some(QUOTE) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let kept = kept.expect("the card has evidence");
    assert_eq!(kept.confidence.as_deref(), Some("assumption"));
    assert_eq!(kept.source.as_deref(), Some("interview"));
    assert_eq!(kept.note.as_deref(), Some(QUOTE));

    // The canvas draws the quote in the card, and the bar counts one assumption.
    app.wait_until(
        &format!(
            "return (window.__travesiaTiles.painted('{card}')?.items ?? []).filter(i => i.type === 'text').map(i => i.text).join('').replace(/\\s+/g, '').includes('{}')",
            QUOTE.replace(' ', "")
        ),
        "the quote on the canvas",
        Duration::from_secs(10),
    )
    .await;
    app.wait_for("[data-testid=evidence-filter]", Duration::from_secs(10))
        .await;

    // The filter fades every other card, and shows them again.
    app.click_in_view("[data-testid=only-assumptions]").await;
    app.wait_until(
        "return document.querySelector('[data-testid=only-assumptions]')?.getAttribute('aria-pressed') === 'true'",
        "the filter is on",
        Duration::from_secs(10),
    )
    .await;
    let dim = faded(app).await;
    assert!(!dim.contains(&card), "the assumption stays in full");
    assert!(!dim.is_empty(), "the other cards fade");
    app.settle().await;
    app.screenshot("evidence-filter").await;
    app.click_in_view("[data-testid=only-assumptions]").await;
    for _ in 0..50 {
        if faded(app).await.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(faded(app).await.is_empty());

    // Ctrl+Z takes the quote back, Ctrl+Shift+Z brings it again.
    app.js("document.activeElement?.blur(); return 1").await;
    app.keys(&[Key::Control], 'z').await;
    let mut note = Some(String::new());
    for _ in 0..100 {
        note = evidence().and_then(|e| e.note);
        if note.is_none() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(note, None, "undo takes the quote back");
    app.keys(&[Key::Control, Key::Shift], 'z').await;
    for _ in 0..100 {
        note = evidence().and_then(|e| e.note);
        if note.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(note.as_deref(), Some(QUOTE), "redo brings it back");

    // The poster prints the legend, the source and the quote…
    let with = dir.path().join("con-evidencia.pdf");
    started.export(None, "pdf", &with).await;
    let text = pdf_text(&with);
    for said in [
        "Confianza",
        "Suposición",
        "Algunas pruebas",
        "Validado",
        "Entrevista",
        QUOTE,
    ] {
        assert!(text.contains(said), "the PDF says {said:?}: {text}");
    }
    // …and leaves them out when told to, keeping them in the map.
    app.click_in_view("[data-testid=export-evidence]").await;
    app.wait_until(
        "return document.querySelector('[data-testid=export-evidence]')?.checked === false",
        "evidence left out",
        Duration::from_secs(10),
    )
    .await;
    let without = dir.path().join("sin-evidencia.pdf");
    started.export(None, "pdf", &without).await;
    let text = pdf_text(&without);
    assert!(!text.contains(QUOTE), "the quote is left out: {text}");
    assert!(!text.contains("Confianza"), "the legend is left out");
    assert_eq!(evidence().and_then(|e| e.note).as_deref(), Some(QUOTE));
    app.assert_no_page_errors().await;
    started.app.quit().await;
}
