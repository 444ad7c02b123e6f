//! The icon set (`icons/channels/*.svg`, Tabler Icons, MIT): one icon per
//! channel of the format, plus icons a map's own channels can use (`none`,
//! `payment`, `delivery`, …). All are 24×24 outline icons drawn with a 2px
//! round stroke in the current colour.

const SOURCES: &[(&str, &str)] = &[
    ("web", include_str!("../../../icons/channels/web.svg")),
    ("app", include_str!("../../../icons/channels/app.svg")),
    ("email", include_str!("../../../icons/channels/email.svg")),
    ("social", include_str!("../../../icons/channels/social.svg")),
    ("search", include_str!("../../../icons/channels/search.svg")),
    ("ads", include_str!("../../../icons/channels/ads.svg")),
    ("phone", include_str!("../../../icons/channels/phone.svg")),
    ("chat", include_str!("../../../icons/channels/chat.svg")),
    ("store", include_str!("../../../icons/channels/store.svg")),
    ("event", include_str!("../../../icons/channels/event.svg")),
    ("print", include_str!("../../../icons/channels/print.svg")),
    (
        "word_of_mouth",
        include_str!("../../../icons/channels/word_of_mouth.svg"),
    ),
    (
        "marketplace",
        include_str!("../../../icons/channels/marketplace.svg"),
    ),
    ("other", include_str!("../../../icons/channels/other.svg")),
    // Icons for a map's own channels.
    ("none", include_str!("../../../icons/channels/none.svg")),
    (
        "message",
        include_str!("../../../icons/channels/message.svg"),
    ),
    (
        "payment",
        include_str!("../../../icons/channels/payment.svg"),
    ),
    ("cash", include_str!("../../../icons/channels/cash.svg")),
    ("wallet", include_str!("../../../icons/channels/wallet.svg")),
    (
        "delivery",
        include_str!("../../../icons/channels/delivery.svg"),
    ),
    ("bike", include_str!("../../../icons/channels/bike.svg")),
    ("basket", include_str!("../../../icons/channels/basket.svg")),
    ("bag", include_str!("../../../icons/channels/bag.svg")),
    ("video", include_str!("../../../icons/channels/video.svg")),
    (
        "location",
        include_str!("../../../icons/channels/location.svg"),
    ),
    (
        "calendar",
        include_str!("../../../icons/channels/calendar.svg"),
    ),
    ("qr", include_str!("../../../icons/channels/qr.svg")),
    ("staff", include_str!("../../../icons/channels/staff.svg")),
    (
        "support",
        include_str!("../../../icons/channels/support.svg"),
    ),
    ("review", include_str!("../../../icons/channels/review.svg")),
    (
        "notification",
        include_str!("../../../icons/channels/notification.svg"),
    ),
    (
        "document",
        include_str!("../../../icons/channels/document.svg"),
    ),
    ("gift", include_str!("../../../icons/channels/gift.svg")),
    ("ticket", include_str!("../../../icons/channels/ticket.svg")),
    ("car", include_str!("../../../icons/channels/car.svg")),
    ("home", include_str!("../../../icons/channels/home.svg")),
    ("camera", include_str!("../../../icons/channels/camera.svg")),
];

/// The path data of an icon's strokes (the invisible 24×24 frame left out);
/// an unknown name gets the "other" icon.
pub fn paths(name: &str) -> Vec<&'static str> {
    let src = SOURCES
        .iter()
        .find(|(n, _)| *n == name)
        .or_else(|| SOURCES.iter().find(|(n, _)| *n == "other"))
        .map(|(_, s)| *s)
        .unwrap_or("");
    let mut out = Vec::new();
    for element in src.split("<path").skip(1) {
        let element = element.split("/>").next().unwrap_or("");
        if element.contains("stroke=\"none\"") {
            continue;
        }
        if let Some(d) = element
            .split("d=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        {
            out.push(d);
        }
    }
    out
}

/// Every icon name in the set.
pub fn names() -> impl Iterator<Item = &'static str> {
    SOURCES.iter().map(|(n, _)| *n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_icon_has_strokes_and_the_frame_is_left_out() {
        for name in super::names() {
            let p = super::paths(name);
            assert!(!p.is_empty(), "{name} has no paths");
            assert!(
                p.iter().all(|d| *d != "M0 0h24v24H0z"),
                "{name} kept its frame"
            );
        }
        assert_eq!(super::paths("no-such"), super::paths("other"));
    }

    #[test]
    fn sources_name_exactly_the_files_in_the_icon_folder() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../icons/channels");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("icons/channels is readable")
            .map(|entry| entry.expect("a directory entry").file_name())
            .filter_map(|name| {
                name.to_str()
                    .and_then(|n| n.strip_suffix(".svg"))
                    .map(str::to_owned)
            })
            .collect();
        files.sort();
        let mut names: Vec<String> = super::names().map(str::to_owned).collect();
        names.sort();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "a name appears twice in SOURCES");
        assert_eq!(names, files, "SOURCES and icons/channels/*.svg differ");
    }
}
