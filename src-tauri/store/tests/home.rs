//! The library home's operations: trash, duplicate, rename, search,
//! thumbnails; persona photos re-encoded on the way in; and a library from
//! schema version 1 migrated forward with nothing lost.

use std::io::Cursor;

use base64::Engine;
use travesia_core::edit::{CardPatch, PersonaPatch};
use travesia_core::format;
use travesia_core::model::Persona;
use travesia_core::Edit;
use travesia_store::photo::{self, PhotoError};
use travesia_store::{Library, StoreError, SCHEMA_VERSION};

const EXAMPLE: &str = include_str!("../../../tests/fixtures/ecommerce.travesia");

fn library_with_example() -> (Library, String) {
    let mut lib = Library::open_in_memory().unwrap();
    let id = lib
        .import(format::read_bytes(EXAMPLE.as_bytes()).unwrap())
        .unwrap();
    (lib, id)
}

#[test]
fn a_trashed_map_leaves_the_list_and_comes_back_as_it_was() {
    let (mut lib, id) = library_with_example();
    let before = lib.load(&id).unwrap();
    lib.trash_map(&id).unwrap();
    assert!(lib.list_maps().unwrap().is_empty());
    let trash = lib.list_trash().unwrap();
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].id, id);
    assert_eq!(trash[0].cards as usize, before.cards.len());
    assert!(lib.load(&id).is_err(), "a trashed map does not open");
    lib.restore_map(&id).unwrap();
    assert_eq!(lib.list_maps().unwrap().len(), 1);
    assert_eq!(lib.load(&id).unwrap().cards, before.cards);
    assert!(lib.list_trash().unwrap().is_empty());
    // Only a map in the trash can be restored or deleted for good.
    assert!(matches!(
        lib.restore_map(&id),
        Err(StoreError::MapNotFound(_))
    ));
    assert!(matches!(
        lib.delete_forever(&id),
        Err(StoreError::MapNotFound(_))
    ));
}

#[test]
fn deleting_for_good_and_emptying_the_trash_remove_maps_with_their_history() {
    let (mut lib, a) = library_with_example();
    let b = lib.duplicate_map(&a, "Copia").unwrap();
    let c = lib.duplicate_map(&a, "Otra copia").unwrap();
    lib.snapshot(&b, "v1").unwrap();
    lib.rename_map(&b, "Renombrada").unwrap();
    for id in [&a, &b, &c] {
        lib.trash_map(id).unwrap();
    }
    lib.delete_forever(&a).unwrap();
    assert_eq!(lib.list_trash().unwrap().len(), 2);
    assert_eq!(lib.empty_trash().unwrap(), 2);
    assert!(lib.list_trash().unwrap().is_empty());
    let rows: i64 = lib
        .connection()
        .query_row(
            "SELECT (SELECT count(*) FROM maps) + (SELECT count(*) FROM history) + (SELECT count(*) FROM snapshots)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 0, "no map, history or snapshot row is left");
}

#[test]
fn a_duplicate_is_a_separate_map_with_the_same_content_and_no_history() {
    let (mut lib, id) = library_with_example();
    lib.rename_map(&id, "Original").unwrap();
    let copy = lib.duplicate_map(&id, "Original (copia)").unwrap();
    assert_ne!(copy, id);
    let (a, b) = (lib.load(&id).unwrap(), lib.load(&copy).unwrap());
    assert_eq!(b.title, "Original (copia)");
    assert_eq!(a.cards, b.cards);
    assert_eq!(a.stages, b.stages);
    assert!(!lib.history_state(&copy).unwrap().can_undo);
    // Editing the copy leaves the original alone.
    lib.rename_map(&copy, "Cambiada").unwrap();
    assert_eq!(lib.load(&id).unwrap().title, "Original");
    assert!(lib.duplicate_map(&id, "").is_err(), "a title is required");
}

#[test]
fn renaming_is_one_undoable_edit() {
    let (mut lib, id) = library_with_example();
    let old = lib.load(&id).unwrap().title;
    lib.rename_map(&id, "Señal débil").unwrap();
    assert_eq!(lib.list_maps().unwrap()[0].title, "Señal débil");
    assert!(lib.undo(&id).unwrap());
    assert_eq!(lib.load(&id).unwrap().title, old);
}

#[test]
fn search_finds_titles_and_card_text_ignoring_case_and_accents() {
    let (mut lib, id) = library_with_example();
    let map = lib.load(&id).unwrap();
    let card = map
        .cards
        .iter()
        .find(|c| c.text.chars().count() > 12)
        .unwrap();
    let other = lib.duplicate_map(&id, "Panadería del barrio").unwrap();
    lib.apply(
        &other,
        &Edit::UpdateCard {
            id: card.id.clone(),
            patch: CardPatch {
                text: Some("Señal débil: el cliente ¿duda? ñandú".into()),
                ..Default::default()
            },
        },
    )
    .unwrap();

    let hits = lib.search("SENAL dudA").unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, other);
    assert!(!hits[0].in_title);
    assert_eq!(
        hits[0].snippets,
        vec!["Señal débil: el cliente ¿duda? ñandú"]
    );

    let hits = lib.search("panaderia").unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].in_title);

    // Every word must be found somewhere in the map; a word only in JSON keys is not text.
    assert!(lib.search("panaderia zzzz").unwrap().is_empty());
    assert!(lib
        .search("stage")
        .unwrap()
        .iter()
        .all(|h| h.in_title || !h.snippets.is_empty()));
    assert!(lib.search("   ").unwrap().is_empty());
    // Trashed maps are not searched.
    lib.trash_map(&other).unwrap();
    assert!(lib.search("ñandú").unwrap().is_empty());
}

#[test]
fn a_thumbnail_is_kept_for_its_revision_only() {
    let (mut lib, id) = library_with_example();
    let r0 = lib.revision(&id).unwrap();
    assert_eq!(lib.thumbnail(&id, r0).unwrap(), None);
    lib.store_thumbnail(&id, r0, b"png-0").unwrap();
    assert_eq!(
        lib.thumbnail(&id, r0).unwrap().as_deref(),
        Some(&b"png-0"[..])
    );
    lib.rename_map(&id, "Otro título").unwrap();
    let r1 = lib.revision(&id).unwrap();
    assert!(r1 > r0);
    assert_eq!(
        lib.thumbnail(&id, r1).unwrap(),
        None,
        "a changed map is drawn again"
    );
    lib.store_thumbnail(&id, r1, b"png-1").unwrap();
    assert_eq!(
        lib.thumbnail(&id, r1).unwrap().as_deref(),
        Some(&b"png-1"[..])
    );
}

fn png_bytes(w: u32, h: u32, alpha: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let img = if alpha {
        image::DynamicImage::ImageRgba8(image::RgbaImage::from_fn(w, h, |x, y| {
            image::Rgba([
                (x % 256) as u8,
                (y % 256) as u8,
                90,
                if x < w / 2 { 255 } else { 40 },
            ])
        }))
    } else {
        image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        }))
    };
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn decode_uri(uri: &str) -> (String, image::DynamicImage) {
    let (head, data) = uri.split_once(";base64,").unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap();
    (head.to_string(), image::load_from_memory(&bytes).unwrap())
}

/// A JPEG of `w` × `h` whose EXIF says to turn it (orientation 6: a quarter
/// turn clockwise), as a phone writes a photo taken upright.
fn jpeg_turned(w: u32, h: u32) -> Vec<u8> {
    let mut plain = Vec::new();
    let img = image::RgbImage::from_fn(w, h, |x, _| {
        // Red on the left half, blue on the right.
        if x < w / 2 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut plain), image::ImageFormat::Jpeg)
        .unwrap();
    // APP1 "Exif": a big-endian TIFF header and one IFD entry, Orientation
    // (0x0112), SHORT, 1 value: 6.
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend_from_slice(&[0, 1]); // one entry
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
    tiff.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let len = (app1.len() + 2) as u16;
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

#[test]
fn photos_are_decoded_scaled_and_written_again() {
    // A photo at most 512 px a side, keeping its shape; a PNG stays a PNG.
    let (head, img) = decode_uri(&photo::clean_bytes(&png_bytes(1600, 800, false)).unwrap());
    assert_eq!(head, "data:image/png");
    assert_eq!((img.width(), img.height()), (512, 256));
    // Transparency is kept: a cut-out keeps its see-through background.
    let (head, img) = decode_uri(&photo::clean_bytes(&png_bytes(100, 60, true)).unwrap());
    assert_eq!(head, "data:image/png");
    assert_eq!((img.width(), img.height()), (100, 60));
    let rgba = img.to_rgba8();
    assert_eq!(rgba.get_pixel(10, 10)[3], 255);
    assert_eq!(rgba.get_pixel(90, 10)[3], 40);
    // A JPEG stays a JPEG.
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        700,
        300,
        image::Rgb([10, 120, 60]),
    ))
    .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
    .unwrap();
    let (head, img) = decode_uri(&photo::clean_bytes(&jpeg).unwrap());
    assert_eq!(head, "data:image/jpeg");
    assert_eq!((img.width(), img.height()), (512, 219));
}

#[test]
fn a_phone_photo_is_stored_upright_as_its_exif_orientation_says() {
    // Taken upright: stored 1600 × 800 with "turn a quarter clockwise".
    let (head, img) = decode_uri(&photo::clean_bytes(&jpeg_turned(1600, 800)).unwrap());
    assert_eq!(head, "data:image/jpeg");
    assert_eq!((img.width(), img.height()), (256, 512), "upright");
    // Turned clockwise, the left half (red) is on top.
    let rgb = img.to_rgb8();
    let top = rgb.get_pixel(128, 40);
    let bottom = rgb.get_pixel(128, 470);
    assert!(top[0] > 150 && top[2] < 100, "red on top: {top:?}");
    assert!(bottom[2] > 150 && bottom[0] < 100, "blue below: {bottom:?}");
}

#[test]
fn anything_but_a_png_or_jpeg_photo_is_refused() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>"#;
    assert_eq!(photo::clean_bytes(svg), Err(PhotoError::NotAnImage));
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
    assert_eq!(photo::clean_bytes(gif), Err(PhotoError::NotAnImage));
    // A PNG header on garbage is refused, not half-read.
    let mut broken = png_bytes(40, 40, false);
    broken.truncate(60);
    assert!(matches!(
        photo::clean_bytes(&broken),
        Err(PhotoError::Broken(_))
    ));
    let uri = "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=";
    assert_eq!(photo::clean_uri(uri), Err(PhotoError::NotAnImage));
}

#[test]
fn a_photo_in_an_edit_or_an_import_is_stored_re_encoded() {
    let (mut lib, id) = library_with_example();
    // Bytes after the image's end (a polyglot's payload) do not survive.
    let mut sent = png_bytes(64, 64, true);
    sent.extend_from_slice(b"<script>alert(1)</script>");
    let uri = format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&sent)
    );
    let persona = Persona {
        id: "p-nueva".into(),
        name: "Lucía".into(),
        photo: Some(uri.clone()),
        ..Default::default()
    };
    lib.apply(
        &id,
        &Edit::InsertPersona {
            index: 0,
            persona,
            cards: vec![],
            steps: vec![],
        },
    )
    .unwrap();
    let stored = lib.load(&id).unwrap().personas()[0].photo.clone().unwrap();
    assert_ne!(stored, uri);
    let (_, img) = decode_uri(&stored);
    assert_eq!((img.width(), img.height()), (64, 64));
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(stored.split_once(",").unwrap().1)
        .unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("<script>"));

    lib.apply(
        &id,
        &Edit::UpdatePersona {
            id: "p-nueva".into(),
            patch: PersonaPatch {
                photo: Some(Some(uri.clone())),
                ..Default::default()
            },
        },
    )
    .unwrap();
    assert_ne!(
        lib.load(&id).unwrap().personas()[0].photo.as_deref(),
        Some(uri.as_str())
    );

    // An import goes through the same door.
    let mut doc = format::read_bytes(EXAMPLE.as_bytes()).unwrap();
    let personas = doc.map.personas.get_or_insert_with(Vec::new);
    personas.retain(|p| p.id != "p-import");
    personas.push(Persona {
        id: "p-import".into(),
        name: "Importada".into(),
        photo: Some(uri.clone()),
        ..Default::default()
    });
    doc.map.id = String::new();
    let imported = lib.import(doc).unwrap();
    let map = lib.load(&imported).unwrap();
    let p = map.personas().iter().find(|p| p.id == "p-import").unwrap();
    assert!(p
        .photo
        .as_deref()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    assert_ne!(p.photo.as_deref(), Some(uri.as_str()));
}

#[test]
fn a_schema_1_library_opens_migrated_with_everything_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    std::fs::copy("../../tests/fixtures/libraries/schema-v1.db", &path).unwrap();
    let mut lib = Library::open(&path).unwrap();
    let version: u32 = lib
        .connection()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let maps = lib.list_maps().unwrap();
    let titles: Vec<&str> = maps.iter().map(|m| m.title.as_str()).collect();
    assert!(
        titles.contains(&"Compra de zapatillas online"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Taller de bicicletas — Ñandú"),
        "{titles:?}"
    );
    let snaps = lib.list_snapshots("zapatillas").unwrap();
    assert_eq!(snaps.len(), 1);
    assert_eq!(snaps[0].name, "Versión de marzo");
    let map = lib.load("zapatillas").unwrap();
    assert_eq!(map.cards.len(), 15);
    // And it works as a current library: edits, undo, thumbnails.
    lib.rename_map("zapatillas", "Nuevo nombre").unwrap();
    assert!(lib.undo("zapatillas").unwrap());
    let r = lib.revision("zapatillas").unwrap();
    lib.store_thumbnail("zapatillas", r, b"x").unwrap();
}

#[test]
fn a_card_s_image_is_stored_re_encoded_within_its_size_and_webp_is_taken() {
    let (mut lib, id) = library_with_example();
    let card = lib.load(&id).unwrap().cards[0].id.clone();
    // A big screenshot with a payload after its end.
    let mut sent = png_bytes(3000, 1500, false);
    sent.extend_from_slice(b"<script>alert(1)</script>");
    let uri = format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&sent)
    );
    let set = |uri: &str| Edit::UpdateCard {
        id: card.clone(),
        patch: CardPatch {
            image: Some(Some(uri.to_string())),
            ..Default::default()
        },
    };
    lib.apply(&id, &set(&uri)).unwrap();
    let stored = lib.load(&id).unwrap().cards[0].image.clone().unwrap();
    let (head, img) = decode_uri(&stored);
    assert_eq!(head, "data:image/png");
    assert_eq!(
        (img.width(), img.height()),
        (photo::IMAGE_SIDE, photo::IMAGE_SIDE / 2)
    );
    assert!(stored.len() / 4 * 3 <= travesia_core::validate::PHOTO_MAX_BYTES);
    // Set again as it is stored (a card pasted, an undo's twin), it is not
    // written again: the very same bytes.
    lib.apply(&id, &set(&stored)).unwrap();
    assert_eq!(
        lib.load(&id).unwrap().cards[0].image.as_deref(),
        Some(stored.as_str())
    );
    // Nor when a whole map comes back (a version restored) holding it: a
    // JPEG written again would lose a little more each time.
    let mut photo = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([
            (x * 7 % 256) as u8,
            (y * 5 % 256) as u8,
            ((x ^ y) % 256) as u8,
        ])
    }))
    .write_to(&mut Cursor::new(&mut photo), image::ImageFormat::Jpeg)
    .unwrap();
    let jpeg = photo::clean_image(&photo).unwrap();
    assert_ne!(
        photo::clean_image_uri(&jpeg).unwrap(),
        jpeg,
        "written again, it changes"
    );
    lib.apply(&id, &set(&jpeg)).unwrap();
    let stored = lib.load(&id).unwrap().cards[0].image.clone().unwrap();
    let whole = lib.load(&id).unwrap();
    lib.apply(
        &id,
        &Edit::ReplaceMap {
            map: Box::new(whole),
        },
    )
    .unwrap();
    assert_eq!(
        lib.load(&id).unwrap().cards[0].image.as_deref(),
        Some(stored.as_str())
    );
    // A WebP photo without transparency becomes a JPEG.
    let mut webp = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        320,
        200,
        image::Rgb([200, 80, 20]),
    ))
    .write_to(&mut Cursor::new(&mut webp), image::ImageFormat::WebP)
    .unwrap();
    let (head, img) = decode_uri(&photo::clean_image(&webp).unwrap());
    assert_eq!(head, "data:image/jpeg");
    assert_eq!((img.width(), img.height()), (320, 200));
    // Anything else is refused, and leaves the card as it was.
    let svg = "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=";
    assert!(lib.apply(&id, &set(svg)).is_err());
    assert_eq!(
        lib.load(&id).unwrap().cards[0].image.as_deref(),
        Some(stored.as_str())
    );
}

#[test]
fn the_search_index_follows_edits_renames_and_deletions_and_short_words_are_still_found() {
    let (mut lib, id) = library_with_example();
    let map = lib.load(&id).unwrap();
    let card = map.cards[0].id.clone();
    // Found from the index as soon as it is written, as the map changes.
    assert!(lib.search("ornitorrinco").unwrap().is_empty());
    let set = |text: &str| Edit::UpdateCard {
        id: card.clone(),
        patch: CardPatch {
            text: Some(text.into()),
            ..Default::default()
        },
    };
    lib.apply(&id, &set("Un ornitorrinco en la tienda"))
        .unwrap();
    assert_eq!(lib.search("ORNITORRINCO tienda").unwrap().len(), 1);
    lib.undo(&id).unwrap();
    assert!(
        lib.search("ornitorrinco").unwrap().is_empty(),
        "undone, gone"
    );
    lib.rename_map(&id, "Cafetería Ñu").unwrap();
    let hits = lib.search("cafeteria").unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].in_title);
    // Words under three letters are not in trigrams: still found, by reading the maps.
    assert_eq!(lib.search("ñu").unwrap().len(), 1);
    assert_eq!(lib.search("nu cafeter").unwrap().len(), 1);
    // A map deleted for good leaves the index.
    let copy = lib.duplicate_map(&id, "Copia para borrar").unwrap();
    assert_eq!(lib.search("borrar").unwrap().len(), 1);
    lib.trash_map(&copy).unwrap();
    lib.delete_forever(&copy).unwrap();
    assert!(lib.search("borrar").unwrap().is_empty());
    let rows: i64 = lib
        .connection()
        .query_row("SELECT count(*) FROM map_text", [], |r| r.get(0))
        .unwrap();
    let maps: i64 = lib
        .connection()
        .query_row("SELECT count(*) FROM maps", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, maps, "a row a map");
}

/// The search reads the maps again to bring its index up to date only when
/// something was written since it last did: by this connection, or by
/// another (the command line writing the library the app has open). Each
/// change must still be found at once.
#[test]
fn the_search_index_follows_what_another_connection_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite3");
    let mut app = Library::open(&path).unwrap();
    let id = app
        .import(format::read_bytes(EXAMPLE.as_bytes()).unwrap())
        .unwrap();
    assert!(app.search("ornitorrinco").unwrap().is_empty());
    // Searched again with nothing written: the same answer.
    assert!(app.search("ornitorrinco").unwrap().is_empty());
    let card = app.load(&id).unwrap().cards[0].id.clone();
    {
        let mut other = Library::open(&path).unwrap();
        other
            .apply(
                &id,
                &Edit::UpdateCard {
                    id: card.clone(),
                    patch: CardPatch {
                        text: Some("Un ornitorrinco en la tienda".into()),
                        ..Default::default()
                    },
                },
            )
            .unwrap();
    }
    assert_eq!(
        app.search("ornitorrinco").unwrap().len(),
        1,
        "what the other connection wrote is found"
    );
    {
        let mut other = Library::open(&path).unwrap();
        other.rename_map(&id, "Cafetería del puerto").unwrap();
    }
    let hits = app.search("puerto").unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].in_title, "the new title is found");
    // And what this one writes, as before.
    app.undo(&id).unwrap();
    assert!(app.search("puerto").unwrap().is_empty(), "undone, gone");
}
