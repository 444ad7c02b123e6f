//! Slides (PPTX) as presenters get them, checked with other programs'
//! readers: python-pptx opens every template's deck and finds its title,
//! the whole map's picture, one slide per stage with every card as text,
//! the curves and the personas, everything inside the slide; LibreOffice
//! Impress converts decks to PDF and `pdftotext` finds every card there,
//! accents and all, on a 1,500-card map too. Hostile text stays text.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

mod common;

use serde_json::Value;
use travesia_api::export::{self, ExportFormat, ExportOptions, Source};
use travesia_api::Engine;
use travesia_core::format::Document;
use travesia_core::{sample, templates, Card, LaneKind, Map, Persona};

fn doc(map: Map) -> Document {
    Document {
        map,
        extra: Default::default(),
    }
}

fn write_deck(map: &Map, path: &Path) -> u32 {
    let never = AtomicBool::new(false);
    let report = export::write(
        &Engine::new(),
        &Source::from_document(doc(map.clone())),
        &ExportOptions::new(ExportFormat::Pptx),
        path,
        |_| {},
        &never,
    )
    .unwrap_or_else(|e| panic!("{}: {e:?}", map.title));
    assert!(report.bytes > 0);
    report.pages
}

/// What python-pptx reads of a deck: each slide's title, texts (one per
/// shape), pictures, the languages its runs are marked with, and any shape
/// that leaves the slide.
const READ_DECK: &str = r#"
import json, sys
from pptx import Presentation
from pptx.util import Emu
p = Presentation(sys.argv[1])
W, H = p.slide_width, p.slide_height
out = {"width": W, "height": H, "slides": []}
for s in p.slides:
    texts, langs, fonts, outside, pictures = [], set(), set(), [], 0
    for sh in s.shapes:
        if sh.left < 0 or sh.top < 0 or sh.left + sh.width > W or sh.top + sh.height > H:
            outside.append(sh.name)
        if sh.shape_type == 13:
            pictures += 1
        if sh.has_text_frame:
            texts.append(sh.text_frame.text)
            for para in sh.text_frame.paragraphs:
                for r in para.runs:
                    langs.add(r.font._rPr.get("lang"))
                    fonts.add(r.font.name)
    out["slides"].append({
        "title": s.shapes.title.text if s.shapes.title is not None else None,
        "texts": texts,
        "pictures": pictures,
        "langs": sorted(l for l in langs if l),
        "fonts": sorted(f for f in fonts if f),
        "fill": str(s.shapes[0].fill.fore_color.rgb) if len(s.shapes) and s.shapes[0].fill.type == 1 else None,
        "outside": outside,
    })
print(json.dumps(out))
"#;

/// A deck as python-pptx reads it (see [`READ_DECK`]).
fn read_deck(path: &Path) -> Value {
    serde_json::from_slice(&common::python(READ_DECK, &[path])).unwrap()
}

/// Text as compared: without any white space (a slide wraps lines where
/// it likes).
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn titles(deck: &Value) -> Vec<String> {
    deck["slides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn slide_text(slide: &Value) -> String {
    slide["texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| squeeze(t.as_str().unwrap()))
        .collect::<Vec<_>>()
        .join("\u{1}")
}

#[test]
fn every_template_s_deck_opens_in_python_pptx_with_each_part_on_its_slide() {
    let dir = tempfile::tempdir().unwrap();
    for (i, m) in common::every_template().iter().enumerate() {
        let path = dir.path().join(format!("deck{i}.pptx"));
        let pages = write_deck(m, &path);
        let deck = read_deck(&path);
        let slides = deck["slides"].as_array().unwrap();
        let titles = titles(&deck);
        assert_eq!(pages as usize, slides.len(), "{}", m.title);
        // 16:9.
        assert_eq!(
            deck["width"].as_i64().unwrap() * 9,
            deck["height"].as_i64().unwrap() * 16
        );
        let lang = match templates::lang_for(m.locale.as_deref().unwrap_or("es")) {
            "en" => "en-US",
            "pt-BR" => "pt-BR",
            _ => "es-ES",
        };
        for s in slides {
            assert!(
                s["outside"].as_array().unwrap().is_empty(),
                "{}: {s}",
                m.title
            );
            assert_eq!(s["langs"], serde_json::json!([lang]), "{}", m.title);
        }
        // The title slide, then the whole map as a picture (a blank map
        // has no stages to draw).
        assert_eq!(titles[0], m.title);
        let mut at = 1;
        if !m.stages.is_empty() {
            assert_eq!(slides[1]["pictures"], 1, "{}", m.title);
            at = 2;
        }
        // One slide per stage (or more, each saying it goes on), in order,
        // with each of its cards' text.
        let mut stage_of_slide = HashMap::new();
        for s in &m.stages {
            assert!(
                titles[at].contains(&s.title),
                "{}: {} at {at}",
                m.title,
                s.title
            );
            stage_of_slide.insert(at, s.id.clone());
            at += 1;
            while titles
                .get(at)
                .is_some_and(|t| t.contains(&s.title) && t != &s.title)
            {
                stage_of_slide.insert(at, s.id.clone());
                at += 1;
            }
        }
        for c in &m.cards {
            let found = stage_of_slide
                .iter()
                .filter(|(_, st)| **st == c.stage)
                .any(|(i, _)| slide_text(&slides[*i]).contains(&squeeze(&c.text)));
            assert!(
                found,
                "{}: card {:?} is not on its stage's slides",
                m.title, c.text
            );
        }
        // A curve slide per emotions lane with points, then the personas.
        let curves = m
            .lanes
            .iter()
            .filter(|l| l.kind == LaneKind::Emotions)
            .filter(|l| m.cards.iter().any(|c| c.lane == l.id && c.score.is_some()))
            .count();
        at += curves;
        let personas: Vec<&str> = m.personas().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(&titles[at..], &personas[..], "{}", m.title);
        for (p, slide) in m.personas().iter().zip(&slides[at..]) {
            let text = slide_text(slide);
            for goal in p.goals.iter().flatten() {
                assert!(text.contains(&squeeze(goal)), "{}: goal {goal}", p.name);
            }
            if let Some(q) = &p.quote {
                assert!(text.contains(&squeeze(q)), "{}: quote", p.name);
            }
        }
    }
}

#[test]
fn words_of_the_deck_are_in_the_map_s_language() {
    let dir = tempfile::tempdir().unwrap();
    let words = [
        ("es", "El mapa completo", "Etapa 1 de"),
        ("en", "The whole map", "Stage 1 of"),
        ("pt-BR", "O mapa completo", "Etapa 1 de"),
    ];
    for (lang, whole, stage) in words {
        let m = templates::load("omnichannel", lang).unwrap();
        let path = dir.path().join(format!("{lang}.pptx"));
        write_deck(&m, &path);
        let deck = read_deck(&path);
        assert_eq!(titles(&deck)[1], whole);
        assert!(
            slide_text(&deck["slides"][2]).contains(&squeeze(stage)),
            "{lang}"
        );
    }
}

/// Each deck converted to PDF by LibreOffice Impress, as `pdftotext` reads it.
fn libreoffice_text(decks: &[PathBuf], out: &Path) -> Vec<String> {
    common::libreoffice("pdf", &[], decks, out)
        .iter()
        .map(|pdf| {
            let text = Command::new("pdftotext")
                .args(["-enc", "UTF-8"])
                .arg(pdf)
                .arg("-")
                .output()
                .expect("pdftotext (poppler-utils) is needed");
            assert!(text.status.success());
            String::from_utf8(text.stdout).unwrap()
        })
        .collect()
}

#[test]
fn libreoffice_converts_decks_and_pdftotext_finds_every_card() {
    let dir = tempfile::tempdir().unwrap();
    let mut maps = [
        templates::load("omnichannel", "pt-BR").unwrap(),
        templates::load("blueprint", "es").unwrap(),
        sample::map_with_cards(1500),
    ];
    // Accents, ñ and ã, and a card long enough to wrap over lines.
    let m = &mut maps[1];
    let (stage, lane) = (m.stages[0].id.clone(), m.lanes[0].id.clone());
    m.cards.push(Card {
        id: "acentos".into(),
        stage,
        lane,
        text: "Año tras año, la señora Ñúñez compra café, pão e maçã en la tienda de la esquina, \
               y pregunta por el envío antes de pagar"
            .into(),
        ..Card::default()
    });
    let mut decks = Vec::new();
    for (i, m) in maps.iter().enumerate() {
        let path = dir.path().join(format!("deck{i}.pptx"));
        write_deck(m, &path);
        decks.push(path);
    }
    let out = tempfile::tempdir().unwrap();
    let texts = libreoffice_text(&decks, out.path());
    for (m, text) in maps.iter().zip(&texts) {
        let text = squeeze(text);
        assert!(text.contains(&squeeze(&m.title)), "{}", m.title);
        let missing: Vec<&str> = m
            .cards
            .iter()
            .map(|c| c.text.as_str())
            .filter(|t| !text.contains(&squeeze(t)))
            .collect();
        assert!(
            missing.is_empty(),
            "{}: {} of {} cards are not in the PDF, e.g. {:?}",
            m.title,
            missing.len(),
            m.cards.len(),
            &missing[..missing.len().min(3)]
        );
        for s in &m.stages {
            assert!(
                text.contains(&squeeze(&s.title)),
                "{}: {}",
                m.title,
                s.title
            );
        }
    }
}

#[test]
fn a_stage_too_full_for_one_slide_goes_on_over_several() {
    let mut m = templates::load("three-stages", "es").unwrap();
    let (stage, lane) = (m.stages[1].id.clone(), m.lanes[0].id.clone());
    let title = m.stages[1].title.clone();
    for i in 0..40 {
        m.cards.push(Card {
            id: format!("lleno{i}"),
            stage: stage.clone(),
            lane: lane.clone(),
            text: format!("Tarjeta número {i} de una etapa muy llena"),
            ..Card::default()
        });
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("llena.pptx");
    write_deck(&m, &path);
    let deck = read_deck(&path);
    let slides = deck["slides"].as_array().unwrap();
    let of_stage: Vec<&Value> = slides
        .iter()
        .filter(|s| s["title"].as_str().is_some_and(|t| t.contains(&title)))
        .collect();
    assert!(of_stage.len() >= 3, "{} slides", of_stage.len());
    assert_eq!(of_stage[0]["title"], title.as_str());
    for s in &of_stage[1..] {
        assert_eq!(s["title"], format!("{title} (continuación)").as_str());
    }
    let all: String = of_stage.iter().map(|s| slide_text(s)).collect();
    for i in 0..40 {
        let card = squeeze(&format!("Tarjeta número {i} de una etapa muy llena"));
        assert_eq!(all.matches(&card).count(), 1, "card {i} once");
    }
    for s in slides {
        assert!(s["outside"].as_array().unwrap().is_empty(), "{s}");
    }
}

/// A 1 × 1 PNG, as a persona's photo.
const DOT_PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

#[test]
fn hostile_text_stays_text_and_a_persona_s_photo_is_on_its_slide() {
    let mut m = templates::load("three-stages", "es").unwrap();
    let hostile =
        "</a:t></a:r><p:pic r:embed=\"rId1\"/> & <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]]>";
    let (stage, lane) = (m.stages[0].id.clone(), m.lanes[0].id.clone());
    m.cards.push(Card {
        id: "hostil".into(),
        stage,
        lane,
        text: format!("{hostile}\u{1}\u{8}"),
        ..Card::default()
    });
    m.title = "Mapa <b>&amp;</b> \"comillas\"".into();
    m.personas = Some(vec![Persona {
        id: "p1".into(),
        name: "Inés Peña".into(),
        role: Some("Dueña de una panadería".into()),
        quote: Some("Quiero pedir sin llamar".into()),
        goals: Some(vec!["Ahorrar tiempo".into()]),
        frustrations: Some(vec!["Colas".into()]),
        channels: Some(vec!["store".into(), "chat".into()]),
        photo: Some(format!("data:image/png;base64,{DOT_PNG}")),
        ..Persona::default()
    }]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostil.pptx");
    write_deck(&m, &path);
    let deck = read_deck(&path);
    let slides = deck["slides"].as_array().unwrap();
    assert_eq!(titles(&deck)[0], m.title);
    let stage = slide_text(&slides[2]);
    assert!(stage.contains(&squeeze(hostile)), "{stage}");
    let persona = slides.last().unwrap();
    assert_eq!(persona["title"], "Inés Peña");
    assert_eq!(persona["pictures"], 1);
    let text = slide_text(persona);
    for part in [
        "DueñadeunaPanadería",
        "Quieropedirsinllamar",
        "Ahorrartiempo",
        "Colas",
        "Tienda",
    ] {
        assert!(
            text.to_lowercase().contains(&part.to_lowercase()),
            "{part} in {text}"
        );
    }
}

#[test]
fn a_right_to_left_card_runs_from_the_right_of_its_box() {
    let mut m = templates::load("three-stages", "es").unwrap();
    m.cards[0].text = "מסע הלקוח בחנות".into();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rtl.pptx");
    write_deck(&m, &path);
    let said = common::python(
        r#"
import sys
from pptx import Presentation
for s in Presentation(sys.argv[1]).slides:
    for sh in s.shapes:
        if sh.has_text_frame and sh.text_frame.text.startswith(sys.argv[2]):
            p = sh.text_frame.paragraphs[0]._p.pPr
            print(p.get("rtl"), p.get("algn"))
"#,
        &[&path, Path::new("מסע הלקוח בחנות")],
    );
    assert_eq!(String::from_utf8_lossy(&said).trim(), "1 r");
}

#[test]
fn the_company_s_logo_name_accent_and_typeface_reach_the_deck() {
    let dir = tempfile::tempdir().unwrap();
    let mut map = templates::load("omnichannel", "es").unwrap();
    map.theme = Some(travesia_core::Theme {
        accent: Some("#0B5D3B".into()),
        company: Some("Ñandú Muebles S.L.".into()),
        // One transparent pixel: a logo as small as can be.
        logo: Some("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==".into()),
        font: Some("serif".into()),
        footer: Some(vec!["company".into(), "confidential".into()]),
        ..Default::default()
    });
    let path = dir.path().join("marca.pptx");
    write_deck(&map, &path);
    let deck = read_deck(&path);
    let slides = deck["slides"].as_array().unwrap();
    let first = &slides[0];
    assert_eq!(first["fill"], "0B5D3B", "the title slide wears the accent");
    // So do the stages without a colour of their own, as on the poster.
    let stage = slides
        .iter()
        .find(|s| s["title"] == map.stages[0].title.as_str())
        .unwrap();
    assert!(map.stages[0].color.is_none());
    assert_eq!(stage["fill"], "0B5D3B");
    assert_eq!(first["pictures"], 1, "the logo");
    assert!(slide_text(first).contains(&squeeze("Ñandú Muebles S.L.")));
    // Every run of every slide is set in the map's typeface.
    for s in slides {
        assert_eq!(
            s["fonts"],
            serde_json::json!(["Source Serif 4"]),
            "{}",
            s["title"]
        );
    }
    // The footer: the company, the map's title, "Confidencial".
    let footer = squeeze(&format!(
        "Ñandú Muebles S.L. · {} · Confidencial",
        map.title
    ));
    assert!(slides[1..].iter().all(|s| slide_text(s).contains(&footer)));
    // A map in Inter, without a brand, as before.
    let plain = dir.path().join("plano.pptx");
    write_deck(&templates::load("omnichannel", "es").unwrap(), &plain);
    let deck = read_deck(&plain);
    assert_eq!(deck["slides"][0]["fill"], "1F3A60");
    assert_eq!(deck["slides"][0]["fonts"], serde_json::json!(["Inter"]));
}
