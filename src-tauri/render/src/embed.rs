//! The map inside its poster. A PDF carries it as an embedded file, a PNG as
//! a compressed `iTXt` chunk, an SVG in its `<metadata>`, so a poster opens
//! again as the map it shows. The renderers carry the map as bytes they
//! never look into; [`extract`] finds them again, within limits fixed before
//! anything is unpacked.

use std::io::Read;

/// The embedded file's name in a PDF.
pub const FILE_NAME: &str = "map.travesia";
/// The embedded file's media type in a PDF.
pub const MIME: &str = "application/vnd.travesia+json";
/// The keyword of a PNG's text chunk that holds the map.
pub const PNG_KEYWORD: &str = "travesia";
/// The namespace of the SVG element that holds the map.
pub const SVG_NS: &str = "urn:x-travesia:map";
/// A poster larger than this is not read at all.
pub const MAX_POSTER_BYTES: u64 = 512 * 1024 * 1024;
/// The most an embedded map may unpack to (the limit of a `.travesia` file).
pub const MAX_MAP_BYTES: usize = 64 * 1024 * 1024;
/// How deep a PDF's name tree is followed.
const NAME_TREE_DEPTH: usize = 16;

/// The kinds of poster that carry a map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PosterKind {
    Pdf,
    Png,
    Svg,
}

/// Which kind of poster `bytes` are, from their first bytes (not the name).
pub fn kind_of(bytes: &[u8]) -> Option<PosterKind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(PosterKind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(PosterKind::Png);
    }
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let text = String::from_utf8_lossy(&head[start..]);
    (text.starts_with('<') && text.contains("<svg")).then_some(PosterKind::Svg)
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum EmbedError {
    #[error("the file is not a PDF, PNG or SVG poster")]
    NotAPoster,
    #[error("the poster carries no map (it was exported without it, or not by Travesía)")]
    NoMap,
    #[error("the poster is {0} bytes; the limit is 512 MiB")]
    PosterTooLarge(u64),
    #[error("the map inside the poster unpacks to more than 64 MiB")]
    MapTooLarge,
    #[error("the poster is damaged: {0}")]
    Broken(String),
}

/// The map a poster carries: the bytes of its `.travesia` document, not yet
/// checked (the format's reader does that).
pub fn extract(bytes: &[u8]) -> Result<Vec<u8>, EmbedError> {
    if bytes.len() as u64 > MAX_POSTER_BYTES {
        return Err(EmbedError::PosterTooLarge(bytes.len() as u64));
    }
    match kind_of(bytes).ok_or(EmbedError::NotAPoster)? {
        PosterKind::Pdf => from_pdf(bytes),
        PosterKind::Png => from_png(bytes),
        PosterKind::Svg => from_svg(bytes),
    }
}

/// Inflates zlib data, refusing output over [`MAX_MAP_BYTES`] as soon as it
/// passes it (a small bomb never grows in memory).
fn inflate(data: &[u8]) -> Result<Vec<u8>, EmbedError> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .take(MAX_MAP_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| EmbedError::Broken(format!("the map does not unpack: {e}")))?;
    if out.len() > MAX_MAP_BYTES {
        return Err(EmbedError::MapTooLarge);
    }
    Ok(out)
}

fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to memory cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

// ---------------------------------------------------------------- PDF

/// Adds the map to a PDF being written as its embedded file (an associated
/// file whose relationship is "Source": what the poster was made from).
pub(crate) fn attach_pdf(doc: &mut lopdf::Document, map: &[u8]) -> Result<(), lopdf::Error> {
    use lopdf::{dictionary, Object, Stream, StringFormat};
    let packed = deflate(map);
    let mut stream = Stream::new(
        dictionary! {
            "Type" => "EmbeddedFile",
            "Subtype" => Object::Name(MIME.as_bytes().to_vec()),
            "Filter" => "FlateDecode",
            "Params" => dictionary! { "Size" => map.len() as i64 },
        },
        packed,
    );
    stream.allows_compression = false;
    let file = doc.add_object(stream);
    let name = || Object::String(FILE_NAME.as_bytes().to_vec(), StringFormat::Literal);
    let spec = doc.add_object(dictionary! {
        "Type" => "Filespec",
        "F" => name(),
        "UF" => name(),
        "Desc" => Object::String(b"Travesia map".to_vec(), StringFormat::Literal),
        "AFRelationship" => "Source",
        "EF" => dictionary! { "F" => file, "UF" => file },
    });
    let catalog = doc.catalog_mut()?;
    catalog.set(
        "Names",
        dictionary! {
            "EmbeddedFiles" => dictionary! { "Names" => vec![name(), spec.into()] },
        },
    );
    catalog.set("AF", vec![Object::Reference(spec)]);
    Ok(())
}

fn from_pdf(bytes: &[u8]) -> Result<Vec<u8>, EmbedError> {
    use lopdf::Object;
    let broken = |e: lopdf::Error| EmbedError::Broken(e.to_string());
    let doc = lopdf::Document::load_mem(bytes).map_err(broken)?;
    let catalog = doc.catalog().map_err(broken)?;
    let doc = &doc;
    let entry = |d: &'_ lopdf::Dictionary, key: &[u8]| -> Option<lopdf::Object> {
        d.get(key).ok().cloned()
    };
    let names = entry(catalog, b"Names").ok_or(EmbedError::NoMap)?;
    let names = dict_of(doc, &names).ok_or(EmbedError::NoMap)?;
    let tree = entry(names, b"EmbeddedFiles").ok_or(EmbedError::NoMap)?;
    let tree = dict_of(doc, &tree).ok_or(EmbedError::NoMap)?;
    let spec = find_name(doc, tree, 0).ok_or(EmbedError::NoMap)?;
    let spec = dict_of(doc, spec).ok_or(EmbedError::NoMap)?;
    let ef = entry(spec, b"EF").ok_or(EmbedError::NoMap)?;
    let ef = dict_of(doc, &ef).ok_or(EmbedError::NoMap)?;
    let file = entry(ef, b"UF")
        .or_else(|| entry(ef, b"F"))
        .ok_or(EmbedError::NoMap)?;
    let file = deref(doc, &file).ok_or(EmbedError::NoMap)?;
    let Object::Stream(stream) = file else {
        return Err(EmbedError::Broken(
            "the embedded map is not a stream".into(),
        ));
    };
    let filter = stream
        .dict
        .get(b"Filter")
        .ok()
        .and_then(|o| deref(doc, o))
        .map(|o| match o {
            Object::Name(n) => Ok(n.clone()),
            Object::Array(a) if a.len() == 1 => a[0]
                .as_name()
                .map(<[u8]>::to_vec)
                .map_err(|_| EmbedError::Broken("unknown filter".into())),
            _ => Err(EmbedError::Broken(
                "the embedded map's filter is not one Travesía writes".into(),
            )),
        })
        .transpose()?;
    match filter.as_deref() {
        None if stream.content.len() > MAX_MAP_BYTES => Err(EmbedError::MapTooLarge),
        None => Ok(stream.content.clone()),
        Some(b"FlateDecode") => inflate(&stream.content),
        Some(_) => Err(EmbedError::Broken(
            "the embedded map's filter is not one Travesía writes".into(),
        )),
    }
}

/// What `o` is, or refers to.
fn deref<'a>(doc: &'a lopdf::Document, o: &'a lopdf::Object) -> Option<&'a lopdf::Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

/// The dictionary `o` is, or refers to.
fn dict_of<'a>(doc: &'a lopdf::Document, o: &'a lopdf::Object) -> Option<&'a lopdf::Dictionary> {
    deref(doc, o).and_then(|o| o.as_dict().ok())
}

/// The file specification named [`FILE_NAME`] in a name tree (its leaves'
/// `Names` pairs, its `Kids` followed to [`NAME_TREE_DEPTH`] levels).
fn find_name<'a>(
    doc: &'a lopdf::Document,
    node: &'a lopdf::Dictionary,
    depth: usize,
) -> Option<&'a lopdf::Object> {
    use lopdf::Object;
    if depth > NAME_TREE_DEPTH {
        return None;
    }
    let deref = |o| deref(doc, o);
    if let Some(Object::Array(pairs)) = node.get(b"Names").ok().and_then(deref) {
        for pair in pairs.chunks(2) {
            if let [key, value] = pair {
                if let Some(Object::String(s, _)) = deref(key) {
                    if s == FILE_NAME.as_bytes() {
                        return Some(value);
                    }
                }
            }
        }
    }
    if let Some(Object::Array(kids)) = node.get(b"Kids").ok().and_then(deref) {
        for kid in kids {
            if let Some(Object::Dictionary(d)) = deref(kid) {
                if let Some(found) = find_name(doc, d, depth + 1) {
                    return Some(found);
                }
            }
        }
    }
    None
}

// ---------------------------------------------------------------- PNG

/// The map as a PNG text chunk (compressed `iTXt`), written before the
/// image data.
pub(crate) fn png_chunk(map: &[u8]) -> Result<png::text_metadata::ITXtChunk, String> {
    let text = std::str::from_utf8(map).map_err(|e| e.to_string())?;
    let mut chunk = png::text_metadata::ITXtChunk::new(PNG_KEYWORD, text);
    // Compressed as the chunk is written.
    chunk.compressed = true;
    Ok(chunk)
}

fn from_png(bytes: &[u8]) -> Result<Vec<u8>, EmbedError> {
    let short = || EmbedError::Broken("a chunk runs past the end of the file".into());
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().map_err(|_| short())?) as usize;
        let kind = &bytes[at + 4..at + 8];
        let data = bytes.get(at + 8..at + 8 + len).ok_or_else(short)?;
        match kind {
            b"iTXt" => {
                if let Some(text) = itxt_map(data)? {
                    return Ok(text);
                }
            }
            b"IEND" => break,
            _ => {}
        }
        // Length, type, data and CRC.
        at += 12 + len;
    }
    Err(EmbedError::NoMap)
}

/// The map in an `iTXt` chunk's data, when the chunk is ours.
fn itxt_map(data: &[u8]) -> Result<Option<Vec<u8>>, EmbedError> {
    let bad = || EmbedError::Broken("the map's text chunk is malformed".into());
    let Some(end) = data.iter().position(|&b| b == 0) else {
        return Err(bad());
    };
    if &data[..end] != PNG_KEYWORD.as_bytes() {
        return Ok(None);
    }
    let rest = &data[end + 1..];
    let (&compressed, rest) = rest.split_first().ok_or_else(bad)?;
    let (_method, mut rest) = rest.split_first().ok_or_else(bad)?;
    // The language tag and the translated keyword, each ended by a zero.
    for _ in 0..2 {
        let end = rest.iter().position(|&b| b == 0).ok_or_else(bad)?;
        rest = &rest[end + 1..];
    }
    match compressed {
        0 if rest.len() > MAX_MAP_BYTES => Err(EmbedError::MapTooLarge),
        0 => Ok(Some(rest.to_vec())),
        1 => inflate(rest).map(Some),
        _ => Err(bad()),
    }
}

// ---------------------------------------------------------------- SVG

/// The map as an SVG `<metadata>` element (XML-escaped text).
pub(crate) fn svg_metadata(map: &[u8], out: &mut String) {
    out.push_str("<metadata><travesia:map xmlns:travesia=\"");
    out.push_str(SVG_NS);
    out.push_str("\">");
    crate::svg::escape(&String::from_utf8_lossy(map), out);
    out.push_str("</travesia:map></metadata>\n");
}

fn from_svg(bytes: &[u8]) -> Result<Vec<u8>, EmbedError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|_| EmbedError::Broken("the SVG is not UTF-8".into()))?;
    // No DTD (so no entity can expand), and a bound on the nodes read.
    let doc = roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            nodes_limit: 4_000_000,
            ..Default::default()
        },
    )
    .map_err(|e| EmbedError::Broken(e.to_string()))?;
    let node = doc
        .descendants()
        .find(|n| n.tag_name().namespace() == Some(SVG_NS) && n.tag_name().name() == "map")
        .ok_or(EmbedError::NoMap)?;
    let text: String = node
        .children()
        .filter_map(|c| c.text())
        .collect::<Vec<_>>()
        .concat();
    if text.len() > MAX_MAP_BYTES {
        return Err(EmbedError::MapTooLarge);
    }
    Ok(text.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posters_are_told_by_their_first_bytes() {
        assert_eq!(kind_of(b"%PDF-1.7\n"), Some(PosterKind::Pdf));
        assert_eq!(kind_of(b"\x89PNG\r\n\x1a\n...."), Some(PosterKind::Png));
        assert_eq!(
            kind_of(b"\xEF\xBB\xBF  <?xml version=\"1.0\"?><svg/>"),
            Some(PosterKind::Svg)
        );
        assert_eq!(kind_of(b"{\"format\":\"travesia\"}"), None);
        assert_eq!(kind_of(b"<html></html>"), None);
        assert_eq!(extract(b"hola"), Err(EmbedError::NotAPoster));
    }

    #[test]
    fn a_zlib_bomb_stops_at_the_limit() {
        let zeros = vec![b' '; MAX_MAP_BYTES + 10];
        let bomb = deflate(&zeros);
        assert!(bomb.len() < 200_000, "a bomb is small: {}", bomb.len());
        assert_eq!(inflate(&bomb), Err(EmbedError::MapTooLarge));
    }

    #[test]
    fn svg_metadata_round_trips_text_that_looks_like_markup() {
        let map = "{\"t\":\"<b>&amp; ]]> «ñ»\"}";
        let mut svg = String::from("<svg xmlns=\"http://www.w3.org/2000/svg\">");
        svg_metadata(map.as_bytes(), &mut svg);
        svg.push_str("</svg>");
        assert_eq!(extract(svg.as_bytes()).unwrap(), map.as_bytes());
    }

    #[test]
    fn an_svg_with_a_dtd_is_refused_before_any_entity_expands() {
        let svg = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>\
                   <svg xmlns=\"http://www.w3.org/2000/svg\"><metadata><m:map xmlns:m=\"urn:x-travesia:map\">&b;</m:map></metadata></svg>";
        assert!(matches!(
            extract(svg.as_bytes()),
            Err(EmbedError::Broken(_))
        ));
    }

    #[test]
    fn a_png_chunk_that_runs_past_the_end_is_damage() {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend_from_slice(&1000u32.to_be_bytes());
        png.extend_from_slice(b"iTXt");
        png.extend_from_slice(b"travesia\0");
        assert!(matches!(extract(&png), Err(EmbedError::Broken(_))));
    }
}
