//! Large, realistic maps made up on the spot, for benchmarks and stress tests.

use crate::edit::{CardPatch, CardPlace, Edit, LanePatch, PersonaPatch, RoutePatch, StagePatch};
use crate::model::{Card, Channel, Lane, LaneKind, Map, Persona, Route, Stage};
use crate::templates;

const WORDS: &[&str] = &[
    "cliente",
    "compara",
    "precios",
    "tienda",
    "envío",
    "reseñas",
    "móvil",
    "duda",
    "garantía",
    "pago",
    "atención",
    "carrito",
    "oferta",
    "búsqueda",
    "recomendación",
    "entrega",
    "talla",
    "devolución",
    "newsletter",
    "fidelización",
    "señal",
    "débil",
    "ñandú",
    "¿por",
    "qué?",
    "rápido",
    "confianza",
    "experiencia",
    "campaña",
    "anuncio",
    "foro",
    "amigos",
    "catálogo",
    "descuento",
];

/// A map with `cards` cards over 12 stages and 10 lanes (one emotions and
/// one funnel lane with a point per stage), texts of 4 to 40 words, channels
/// on touchpoints and a few routes. Deterministic for a given size.
pub fn map_with_cards(cards: usize) -> Map {
    let mut m = Map::new("bench", "Mapa de prueba con muchas tarjetas");
    m.description = Some("Generado para medir".into());
    m.locale = Some("es".into());
    m.stages = (0..12)
        .map(|i| Stage {
            id: format!("s{i}"),
            title: format!("Etapa {i}: consideración"),
            ..Stage::default()
        })
        .collect();
    // Every kind but free text, in the format's order.
    let kinds = &LaneKind::ALL[..10];
    m.lanes = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| Lane {
            id: format!("l{i}"),
            kind: *k,
            title: format!("Carril {}", k.as_str()),
            color: None,
            collapsed: None,
            extra: Default::default(),
        })
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let free_lanes: Vec<usize> = (0..kinds.len())
        .filter(|i| !kinds[*i].one_card_per_stage())
        .collect();
    for s in 0..12 {
        for (lane, kind) in kinds.iter().enumerate() {
            if kind.one_card_per_stage() && m.cards.len() < cards {
                m.cards.push(Card {
                    id: format!("p{s}-{lane}"),
                    stage: format!("s{s}"),
                    lane: format!("l{lane}"),
                    text: "Se siente escuchado".into(),
                    score: (*kind == LaneKind::Emotions).then_some((s % 5) as i8 - 2),
                    value: (*kind == LaneKind::Funnel).then_some(10_000.0 / (s + 1) as f64),
                    ..Card::default()
                });
            }
        }
    }
    let mut n = 0;
    while m.cards.len() < cards {
        let r = next();
        let lane = free_lanes[(r % free_lanes.len() as u64) as usize];
        let words = 4 + (r >> 8) % 37;
        let text: Vec<&str> = (0..words)
            .map(|k| WORDS[((r >> 16).wrapping_add(k * 7) % WORDS.len() as u64) as usize])
            .collect();
        let touch = kinds[lane] == LaneKind::Touchpoints;
        m.cards.push(Card {
            id: format!("c{n}"),
            stage: format!("s{}", (r >> 24) % 12),
            lane: format!("l{lane}"),
            text: text.join(" "),
            channel: touch.then(|| Channel::ALL[((r >> 32) % 14) as usize]),
            online: touch.then_some(r & 1 == 0),
            ..Card::default()
        });
        n += 1;
    }
    let touch: Vec<String> = m
        .cards
        .iter()
        .filter(|c| c.lane == "l1")
        .take(12)
        .map(|c| c.id.clone())
        .collect();
    m.routes = Some(
        touch
            .chunks(4)
            .enumerate()
            .map(|(i, steps)| Route {
                id: format!("r{i}"),
                name: format!("Ruta {i}"),
                color: Some("#1971C2".into()),
                steps: steps.to_vec(),
                extra: Default::default(),
            })
            .collect(),
    );
    m
}

/// Turns random numbers into an edit that makes sense for the current map
/// (most apply; some are refused, which must leave the map untouched).
/// Property tests and fuzzing drive it.
pub fn random_edit(m: &Map, op: u8, a: usize, b: usize, c: usize, serial: &mut usize) -> Edit {
    *serial += 1;
    let fresh = format!("n{serial}");
    let nth = |len: usize, k: usize| if len == 0 { 0 } else { k % len };
    let stage_id = |k: usize| {
        m.stages
            .get(nth(m.stages.len(), k))
            .map(|s| s.id.clone())
            .unwrap_or_default()
    };
    let lane_id = |k: usize| {
        m.lanes
            .get(nth(m.lanes.len(), k))
            .map(|l| l.id.clone())
            .unwrap_or_default()
    };
    let card_id = |k: usize| {
        m.cards
            .get(nth(m.cards.len(), k))
            .map(|c| c.id.clone())
            .unwrap_or_default()
    };
    let route_id = |k: usize| {
        m.routes()
            .get(nth(m.routes().len(), k))
            .map(|r| r.id.clone())
            .unwrap_or_default()
    };
    let persona_id = |k: usize| {
        m.personas()
            .get(nth(m.personas().len(), k))
            .map(|p| p.id.clone())
            .unwrap_or_default()
    };
    let texts = [
        "Señal débil: el cliente ¿duda? ñandú €",
        "",
        "<script>alert(1)</script>",
        "مرحبا",
        "línea\nsegunda",
    ];
    match op % 30 {
        0 => Edit::SetTitle {
            title: format!("Título {a}"),
        },
        1 => Edit::SetDescription {
            description: if a % 2 == 0 {
                None
            } else {
                Some(texts[b % 5].into())
            },
        },
        2 => Edit::InsertStage {
            index: a % (m.stages.len() + 1),
            stage: Stage {
                id: fresh,
                title: "Nueva".into(),
                ..Stage::default()
            },
            cards: vec![],
            steps: vec![],
        },
        3 => Edit::UpdateStage {
            id: stage_id(a),
            patch: StagePatch {
                title: Some(texts[b % 5].into()),
                color: Some(if c % 2 == 0 {
                    None
                } else {
                    Some("#AA3300".into())
                }),
                description: None,
            },
        },
        4 => Edit::MoveStage {
            id: stage_id(a),
            index: nth(m.stages.len(), b),
        },
        5 => Edit::DeleteStage { id: stage_id(a) },
        6 => Edit::InsertLane {
            index: a % (m.lanes.len() + 1),
            lane: Lane {
                id: fresh,
                kind: LaneKind::ALL[b % 11],
                title: "Carril".into(),
                color: None,
                collapsed: None,
                extra: Default::default(),
            },
            cards: vec![],
            steps: vec![],
        },
        7 => Edit::UpdateLane {
            id: lane_id(a),
            patch: LanePatch {
                kind: if b % 3 == 0 {
                    Some(LaneKind::ALL[c % 11])
                } else {
                    None
                },
                collapsed: Some(Some(c % 2 == 0)),
                ..Default::default()
            },
        },
        8 => Edit::MoveLane {
            id: lane_id(a),
            index: nth(m.lanes.len(), b),
        },
        9 => Edit::DeleteLane { id: lane_id(a) },
        10 => Edit::InsertCard {
            card: Card {
                id: fresh,
                stage: stage_id(a),
                lane: lane_id(b),
                text: texts[c % 5].into(),
                ..Card::default()
            },
            place: CardPlace::InCell(c % 3),
            steps: vec![],
        },
        11 => Edit::UpdateCard {
            id: card_id(a),
            patch: CardPatch {
                text: Some(texts[b % 5].into()),
                channel: Some(Some(Channel::ALL[c % 14])),
                online: Some(if c % 3 == 0 { None } else { Some(c % 2 == 0) }),
                value: Some(Some((b % 1000) as f64)),
                ..Default::default()
            },
        },
        12 => Edit::MoveCard {
            id: card_id(a),
            stage: stage_id(b),
            lane: lane_id(c),
            place: if c % 2 == 0 {
                CardPlace::InCell(b % 3)
            } else {
                CardPlace::At(nth(m.cards.len(), c))
            },
        },
        13 => Edit::DeleteCard { id: card_id(a) },
        14 => Edit::InsertPersona {
            index: 0,
            persona: Persona {
                id: fresh,
                name: "Ana".into(),
                goals: Some(vec!["g".into()]),
                ..Persona::default()
            },
        },
        15 => Edit::UpdatePersona {
            id: persona_id(a),
            patch: PersonaPatch {
                quote: Some(Some(texts[b % 5].into())),
                role: Some(None),
                ..Default::default()
            },
        },
        16 => Edit::DeletePersona { id: persona_id(a) },
        17 => Edit::MovePersona {
            id: persona_id(a),
            index: nth(m.personas().len(), b),
        },
        18 => Edit::InsertRoute {
            index: 0,
            route: Route {
                id: fresh,
                name: "Ruta".into(),
                color: Some("#1971C2".into()),
                steps: vec![card_id(a), card_id(b)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect(),
                extra: Default::default(),
            },
        },
        19 => Edit::UpdateRoute {
            id: route_id(a),
            patch: RoutePatch {
                name: Some(texts[b % 5].into()),
                color: Some(None),
            },
        },
        20 => Edit::DeleteRoute { id: route_id(a) },
        21 => Edit::InsertRouteStep {
            route: route_id(a),
            index: b % 3,
            card: card_id(c),
        },
        22 => Edit::MoveRouteStep {
            route: route_id(a),
            from: b % 4,
            to: c % 4,
        },
        23 => Edit::DeleteRouteStep {
            route: route_id(a),
            index: b % 4,
        },
        24 => Edit::SetScore {
            lane: lane_id(a),
            stage: stage_id(b),
            score: Some((c % 5) as i8 - 2),
            card_id: fresh,
        },
        25 => Edit::SetFunnelValue {
            lane: lane_id(a),
            stage: stage_id(b),
            value: if c % 4 == 0 { None } else { Some(c as f64) },
            card_id: fresh,
        },
        26 => Edit::Batch {
            edits: vec![
                Edit::DeleteCard { id: card_id(a) },
                Edit::InsertCard {
                    card: Card {
                        id: fresh,
                        stage: stage_id(b),
                        lane: lane_id(c),
                        text: "pegada".into(),
                        ..Card::default()
                    },
                    place: CardPlace::InCell(0),
                    steps: vec![],
                },
            ],
        },
        27 => Edit::ReplaceMap {
            map: Box::new(templates::load(templates::NAMES[a % 5], "en").unwrap()),
        },
        28 => Edit::SetLocale {
            locale: if a % 2 == 0 { Some("en".into()) } else { None },
        },
        _ => Edit::SetTheme { theme: None },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_maps_are_valid_and_sized() {
        for n in [0, 50, 1500] {
            let m = super::map_with_cards(n);
            assert_eq!(m.cards.len(), n);
            assert!(crate::validate::validate_map(&m).is_empty());
        }
    }
}
