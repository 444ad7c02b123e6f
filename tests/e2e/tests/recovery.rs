//! A damaged library in the real app: instead of an empty window, the app
//! says what happened, lists the daily backups, and puts the newest good one
//! back when asked — the damaged file is kept aside, and the maps are there.

use std::time::Duration;

use travesia_e2e::{import_map, App};

const EXAMPLE: &str = include_str!("../../fixtures/ecommerce.travesia");

#[tokio::test(flavor = "current_thread")]
async fn a_damaged_library_offers_its_backup_and_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let file = dir.path().join("ejemplo.travesia");
    std::fs::write(&file, EXAMPLE).unwrap();
    import_map(&db, &file);
    // The second open takes today's backup.
    travesia_store::Library::open(&db).unwrap();
    assert_eq!(travesia_store::backup::list_backups(&db).len(), 1);
    // Then the file is ruined.
    std::fs::write(&db, vec![0x42u8; 64 * 1024]).unwrap();

    let app = App::start(&db).await;
    let screen = app
        .wait_for("[data-testid=library-problem]", Duration::from_secs(15))
        .await;
    let text = screen.text().await.unwrap();
    assert!(text.contains("library.db"), "the file is named: {text}");
    assert_eq!(
        app.count("[data-testid=backup-item][data-good='1']").await,
        1
    );
    app.screenshot("library-damaged").await;
    app.find("[data-testid=backup-restore]")
        .await
        .click()
        .await
        .unwrap();
    app.wait_for(
        "[data-testid=backup-restore-confirm]",
        Duration::from_secs(5),
    )
    .await
    .click()
    .await
    .unwrap();
    app.wait_for("[data-testid=library-restored]", Duration::from_secs(15))
        .await;
    app.wait_for("[data-testid=open-map]", Duration::from_secs(15))
        .await;
    let lib = travesia_store::Library::open(&db).unwrap();
    assert_eq!(lib.list_maps().unwrap().len(), 1, "the map is back");
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains(".damaged-"));
    assert!(aside, "the damaged file is kept aside");
    app.quit().await;
}
