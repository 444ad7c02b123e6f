//! A map set as one PDF: a map and the maps it links to, each drawn as its
//! own poster, one after the other, with a bookmark for each map and the
//! marks of its links working inside the file.
//!
//! Each map is made as [`crate::pdf`] makes any poster; its link marks
//! (the Scene's `links`) become link annotations on every sheet that shows
//! them, pointing at a named destination, `map-<id>`, which the set's
//! catalogue sets to the linked map's first page. Then the documents are
//! joined: their objects numbered apart, their pages put under one page
//! tree, their own catalogues left behind.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use travesia_layout::Scene;

use crate::paper::Placement;
use crate::pdf::{save_with_id, to_document, PdfError, PdfOptions, PT_PER_PX};
use crate::sheet::Sheet;

/// One map of a set: its poster's Scene, how its PDF is made, its id.
pub struct SetPart<'a> {
    pub scene: &'a Scene,
    pub opts: &'a PdfOptions,
    pub id: &'a str,
}

/// The named destination of a map of the set: its first page.
pub fn dest_name(map: &str) -> String {
    format!("map-{map}")
}

/// The map set's PDF: `parts` in order (the map first, then the maps it
/// links to), `title` and `author` the file's. `progress` hears fractions
/// from 0 to 1; when it answers false the set stops with
/// [`PdfError::Cancelled`].
pub fn map_set_pdf(
    parts: &[SetPart],
    title: &str,
    author: &str,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<Vec<u8>, PdfError> {
    let ids: Vec<&str> = parts.iter().map(|p| p.id).collect();
    let n = parts.len().max(1) as f32;
    let mut docs = Vec::with_capacity(parts.len());
    for (i, p) in parts.iter().enumerate() {
        let doc = to_document(p.scene, p.opts, &ids, &mut |f| {
            progress((i as f32 + f) / n * 0.95)
        })?;
        docs.push((doc, p.opts.title.as_str(), p.id));
    }
    let mut doc = join(docs, title, author)?;
    let out = save_with_id(&mut doc)?;
    if progress(1.0) {
        Ok(out)
    } else {
        Err(PdfError::Cancelled)
    }
}

/// Makes the marks of links to the maps in `linked` link annotations on
/// each sheet that shows them (the part shown; a mark cut by a tile's edge
/// is a link on both tiles).
pub(crate) fn annotate(
    doc: &mut Document,
    scene: &Scene,
    place: &Placement,
    sheets: &[Sheet],
    linked: &[&str],
) -> Result<(), PdfError> {
    let pages = doc.get_pages();
    for (n, sheet) in sheets.iter().enumerate() {
        let Some(&page_id) = pages.get(&(n as u32 + 1)) else {
            return Err(PdfError::Assemble("a sheet has no page".into()));
        };
        let mh = sheet.media_h * PT_PER_PX;
        let (left, top) = sheet.at;
        let (right, bottom) = (left + sheet.view.w, top + sheet.view.h);
        let mut annots = Vec::new();
        for mark in scene
            .links
            .iter()
            .filter(|l| linked.contains(&l.map.as_str()))
        {
            // Scene px → the poster page → the sheet's media, clipped to what it shows.
            let x0 = left + place.dx + mark.x * place.scale - sheet.view.x;
            let y0 = top + place.dy + mark.y * place.scale - sheet.view.y;
            let x1 = (x0 + mark.w * place.scale).min(right);
            let y1 = (y0 + mark.h * place.scale).min(bottom);
            let (x0, y0) = (x0.max(left), y0.max(top));
            if x1 <= x0 || y1 <= y0 {
                continue;
            }
            let rect = [
                x0 * PT_PER_PX,
                mh - y1 * PT_PER_PX,
                x1 * PT_PER_PX,
                mh - y0 * PT_PER_PX,
            ];
            let mut a = Dictionary::new();
            a.set("Type", Object::Name(b"Annot".to_vec()));
            a.set("Subtype", Object::Name(b"Link".to_vec()));
            a.set(
                "Rect",
                Object::Array(rect.iter().map(|v| Object::Real(*v)).collect()),
            );
            a.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
            a.set("Dest", Object::Name(dest_name(&mark.map).into_bytes()));
            annots.push(Object::Reference(doc.add_object(a)));
        }
        if annots.is_empty() {
            continue;
        }
        let page = doc.get_dictionary_mut(page_id)?;
        if let Ok(Object::Array(old)) = page.get(b"Annots") {
            let mut all = old.clone();
            all.extend(annots);
            annots = all;
        }
        page.set("Annots", Object::Array(annots));
    }
    Ok(())
}

/// A text string as PDF writes any text: UTF-16, big-endian, after its mark.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// One document of the maps' documents (each with its title and map id):
/// their pages in order under one page tree, a bookmark and a named
/// destination for each map's first page, the bookmarks shown on opening.
fn join(
    parts: Vec<(Document, &str, &str)>,
    title: &str,
    author: &str,
) -> Result<Document, PdfError> {
    let mut out = Document::with_version("1.7");
    let pages_id = out.new_object_id();
    let mut next = out.max_id + 1;
    let mut kids: Vec<ObjectId> = Vec::new();
    let mut firsts: Vec<(String, String, ObjectId)> = Vec::new();
    for (mut d, part_title, id) in parts {
        d.renumber_objects_with(next);
        next = d.max_id + 1;
        let pages: Vec<ObjectId> = d.get_pages().into_values().collect();
        let Some(&first) = pages.first() else {
            return Err(PdfError::Assemble(format!("the map {id} has no page")));
        };
        for &p in &pages {
            d.get_dictionary_mut(p)?
                .set("Parent", Object::Reference(pages_id));
        }
        kids.extend(&pages);
        firsts.push((part_title.to_string(), id.to_string(), first));
        // The part's own catalogue, page tree and information go; what
        // only they held is pruned below.
        let root = d.trailer.get(b"Root").and_then(Object::as_reference).ok();
        if let Some(root) = root {
            if let Ok(tree) = d
                .get_dictionary(root)
                .and_then(|c| c.get(b"Pages"))
                .and_then(Object::as_reference)
            {
                d.objects.remove(&tree);
            }
            d.objects.remove(&root);
        }
        if let Ok(info) = d.trailer.get(b"Info").and_then(Object::as_reference) {
            d.objects.remove(&info);
        }
        out.objects.extend(d.objects);
    }
    out.max_id = next - 1;
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set("Count", Object::Integer(kids.len() as i64));
    tree.set(
        "Kids",
        Object::Array(kids.iter().map(|k| Object::Reference(*k)).collect()),
    );
    out.objects.insert(pages_id, Object::Dictionary(tree));

    // The bookmarks, one a map, and the destinations the links name.
    let outlines_id = out.new_object_id();
    let item_ids: Vec<ObjectId> = firsts.iter().map(|_| out.new_object_id()).collect();
    let mut dests = Dictionary::new();
    for (k, (part_title, id, page)) in firsts.iter().enumerate() {
        let at = Object::Array(vec![
            Object::Reference(*page),
            Object::Name(b"Fit".to_vec()),
        ]);
        dests.set(dest_name(id).into_bytes(), at.clone());
        let mut item = Dictionary::new();
        item.set("Title", text_string(part_title));
        item.set("Parent", Object::Reference(outlines_id));
        item.set("Dest", at);
        if k > 0 {
            item.set("Prev", Object::Reference(item_ids[k - 1]));
        }
        if let Some(next) = item_ids.get(k + 1) {
            item.set("Next", Object::Reference(*next));
        }
        out.objects.insert(item_ids[k], Object::Dictionary(item));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (item_ids.first(), item_ids.last()) {
        outlines.set("First", Object::Reference(*first));
        outlines.set("Last", Object::Reference(*last));
    }
    outlines.set("Count", Object::Integer(item_ids.len() as i64));
    out.objects
        .insert(outlines_id, Object::Dictionary(outlines));
    let dests_id = out.add_object(dests);

    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    catalog.set("Outlines", Object::Reference(outlines_id));
    catalog.set("Dests", Object::Reference(dests_id));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    let catalog_id = out.add_object(catalog);
    let mut info = Dictionary::new();
    info.set("Title", text_string(title));
    info.set("Author", text_string(author));
    info.set("Creator", text_string("Travesía"));
    info.set("Producer", text_string("Travesía (printpdf, lopdf)"));
    let info_id = out.add_object(info);
    out.trailer.set("Root", Object::Reference(catalog_id));
    out.trailer.set("Info", Object::Reference(info_id));
    out.prune_objects();
    Ok(out)
}
