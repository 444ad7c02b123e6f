//! Versions compared, in the real app: a version taken before a workshop,
//! then a card added, one removed, one moved and one reworded. From the
//! versions panel the version is compared with the map now: the comparison
//! lists the four changes (each one found in the picture), and its change
//! poster is exported as a PDF that names every change.

use std::time::Duration;

use travesia_core::edit::{CardPatch, Edit};
use travesia_core::CardPlace;
use travesia_e2e::Started;

#[tokio::test(flavor = "current_thread")]
async fn a_version_is_compared_with_now_and_the_change_poster_exported() {
    let dir = tempfile::tempdir().unwrap();
    let started = Started::on_template(dir.path(), "omnichannel.es.travesia").await;
    let (app, db, id) = (&started.app, &started.db, &started.id);
    // The version, and the workshop's changes after it (through the library).
    let (gone, moved, reworded) = {
        let mut lib = travesia_store::Library::open(db).unwrap();
        lib.snapshot(id, "Antes del taller").unwrap();
        let map = lib.load(id).unwrap();
        let cards = map.cards.clone();
        let mut new = cards[0].clone();
        new.id = "idea-taller".into();
        new.text = "Probador virtual en la web".into();
        let other = map
            .stages
            .iter()
            .find(|s| s.id != cards[4].stage)
            .unwrap()
            .id
            .clone();
        for edit in [
            Edit::InsertCard {
                card: new,
                place: CardPlace::InCell(0),
                steps: vec![],
            },
            Edit::DeleteCard {
                id: cards[1].id.clone(),
            },
            Edit::MoveCard {
                id: cards[4].id.clone(),
                stage: other,
                lane: cards[4].lane.clone(),
                place: CardPlace::InCell(0),
            },
            Edit::UpdateCard {
                id: cards[6].id.clone(),
                patch: CardPatch {
                    text: Some("Paga en caja (con cola)".into()),
                    ..CardPatch::default()
                },
            },
        ] {
            lib.apply(id, &edit).unwrap();
        }
        (cards[1].clone(), cards[4].id.clone(), cards[6].id.clone())
    };
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    app.open_map(id).await;

    // Versions → the version → compare with the map now.
    app.find("[data-testid=open-versions]")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=version-item]")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=version-compare]")
        .await
        .click()
        .await
        .unwrap();
    app.wait_for("[data-testid=change-line]", Duration::from_secs(15))
        .await;
    let title = app.find("[data-testid=comparison-title]").await;
    assert_eq!(title.text().await.unwrap(), "«Antes del taller» → ahora");
    let lines = app
        .js("return [...document.querySelectorAll('[data-testid=change-line]')].map(b => b.dataset.change + ':' + b.dataset.id)")
        .await;
    let lines: Vec<String> = lines
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        lines,
        [
            "added:idea-taller".to_string(),
            format!("removed:{}", gone.id),
            format!("moved:{moved}"),
            format!("changed:{reworded}"),
        ]
    );
    // The removed card is drawn again, in the picture, where it was.
    app.find(&format!(
        "[data-testid=comparison] [data-card-id='{}']",
        gone.id
    ))
    .await;
    let removed = app
        .find("[data-testid=change-line][data-change=removed]")
        .await;
    removed.click().await.unwrap();
    app.find("[data-testid=comparison] rect.chosen").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    app.screenshot("compare-01-comparison").await;

    // The change poster.
    let pdf = dir.path().join("cambios.pdf");
    app.save_through(
        &started.answers,
        "[data-testid=comparison-export]",
        &pdf,
        "[data-testid=comparison-done]",
    )
    .await;
    let words = travesia_e2e::tool("pdftotext", &[pdf.to_str().unwrap(), "-"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for w in [
        "Cambios",
        "Añadidas (1)",
        "Quitadas (1)",
        "Movidas (1)",
        "Cambiadas (1)",
        "Probador virtual en la web",
        "Paga en caja (con cola)",
    ] {
        assert!(words.contains(w), "{w}: {words}");
    }
    // Closed, the map is as it was: the comparison changed nothing.
    app.find("[data-testid=comparison-close]")
        .await
        .click()
        .await
        .unwrap();
    assert_eq!(app.count("[data-testid=comparison]").await, 0);
    let now = travesia_store::Library::open(db).unwrap().load(id).unwrap();
    assert!(
        now.card(&gone.id).is_none(),
        "the removed card stays removed"
    );
    app.assert_no_page_errors().await;
    started.app.quit().await;
}
