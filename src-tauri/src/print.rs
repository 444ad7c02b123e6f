//! File → Print…: the poster through the system's print dialog (GTK's, the
//! one every Linux desktop app shows), fitted to the paper chosen there.

use tauri::Runtime;
use travesia_api::export::Source;
use travesia_api::{AppError, ErrorCode};

use crate::ipc::Cx;

/// Finest resolution the poster is sent to the printer at, in dots per inch.
pub const MAX_DPI: f64 = 300.0;

fn failed(e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::Io, format!("the map could not be printed: {e}"))
}

/// Shows the print dialog for map `id` and prints it on the paper chosen
/// there; true once it went to the printer, false when the dialog was
/// cancelled.
pub fn print_map<R: Runtime>(cx: &Cx<R>, id: String) -> Result<bool, AppError> {
    let state = cx.state();
    let source = state.with_library(|lib| Source::from_library(lib, &id))?;
    let scene = state.engine.scene_with(
        &source.printed(source.persona.as_deref()),
        source.look(false, true),
    )?;
    let title = source.doc.map.title.clone();
    let window = cx.window().clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let sent = tx.clone();
    cx.app()
        .run_on_main_thread(move || {
            if let Err(e) = gtk_print::start(&window, scene, &title, sent.clone()) {
                let _ = sent.send(Err(e));
            }
        })
        .map_err(failed)?;
    drop(tx);
    let printed = rx
        .recv()
        .map_err(|_| failed("the print dialog ended without an answer"))??;
    if printed {
        log::info!("map {id} sent to the printer");
    }
    Ok(printed)
}

#[cfg(target_os = "linux")]
mod gtk_print {
    use std::sync::mpsc::Sender;

    use gtk::prelude::*;
    use gtk::{PageOrientation, PageSetup, PrintOperation, PrintOperationAction, Unit};
    use tauri::Runtime;
    use travesia_api::AppError;
    use travesia_layout::Scene;

    use super::{failed, MAX_DPI};

    /// Starts the print operation on the main thread; its outcome is sent
    /// on `done` (true when printed).
    pub fn start<R: Runtime>(
        window: &tauri::WebviewWindow<R>,
        scene: Scene,
        title: &str,
        done: Sender<Result<bool, AppError>>,
    ) -> Result<(), AppError> {
        let op = PrintOperation::new();
        op.set_n_pages(1);
        op.set_job_name(title);
        op.set_unit(Unit::Points);
        op.set_embed_page_setup(true);
        let setup = PageSetup::new();
        setup.set_orientation(if scene.width > scene.height {
            PageOrientation::Landscape
        } else {
            PageOrientation::Portrait
        });
        op.set_default_page_setup(Some(&setup));
        op.connect_draw_page(move |_, ctx, _| {
            if let Err(e) = draw(ctx, &scene) {
                log::error!("printing: {e}");
            }
        });
        let answer = done.clone();
        op.connect_done(move |_, result| {
            let _ = answer.send(Ok(result == gtk::PrintOperationResult::Apply));
        });
        let parent = window.gtk_window().ok();
        #[cfg(feature = "test-hooks")]
        if let Some(to) = std::env::var_os("TRAVESIA_TEST_PRINT_TO") {
            // The end-to-end tests' stand-in for choosing "Print to File" in
            // the dialog: the same drawing, to a PDF, without the dialog.
            op.set_export_filename(to);
            let result = op.run(PrintOperationAction::Export, parent.as_ref());
            let _ = done.send(
                result
                    .map(|r| r == gtk::PrintOperationResult::Apply)
                    .map_err(failed),
            );
            return Ok(());
        }
        op.set_allow_async(true);
        match op.run(PrintOperationAction::PrintDialog, parent.as_ref()) {
            Ok(gtk::PrintOperationResult::InProgress) => {}
            Ok(r) => {
                let _ = done.send(Ok(r == gtk::PrintOperationResult::Apply));
            }
            Err(e) => return Err(failed(e)),
        }
        Ok(())
    }

    /// The poster fitted to the printable area and centred, as pixels at the
    /// printer's resolution (at most [`MAX_DPI`]).
    fn draw(ctx: &gtk::PrintContext, scene: &Scene) -> Result<(), String> {
        let cr = ctx.cairo_context().ok_or("no drawing context")?;
        let (pw, ph) = (ctx.width(), ctx.height());
        let fit = (pw / scene.width as f64).min(ph / scene.height as f64);
        // A printer says its resolution; a file (Print to File: PDF or
        // PostScript) says 72, being resolution-free, and gets the finest.
        let dpi = match ctx.dpi_x() {
            d if d < 150.0 => MAX_DPI,
            d => d.min(MAX_DPI),
        };
        let px_per_pt = dpi / 72.0;
        let (w, h, rgba) = travesia_render::preview::region_rgba(
            scene,
            (0.0, 0.0, scene.width, scene.height),
            (fit * px_per_pt) as f32,
        )
        .map_err(|e| e.to_string())?;
        // Cairo's ARGB32 is premultiplied BGRA in memory on little-endian
        // machines; the render is opaque and premultiplied already.
        let mut bgra = rgba;
        for px in bgra.chunks_exact_mut(4) {
            px.swap(0, 2);
        }
        let stride = gtk::cairo::Format::ARgb32
            .stride_for_width(w)
            .map_err(|e| e.to_string())?;
        if stride as u32 != w * 4 {
            return Err(format!("unexpected row stride {stride} for {w} px"));
        }
        let surface = gtk::cairo::ImageSurface::create_for_data(
            bgra,
            gtk::cairo::Format::ARgb32,
            w as i32,
            h as i32,
            stride,
        )
        .map_err(|e| e.to_string())?;
        let (dw, dh) = (w as f64 / px_per_pt, h as f64 / px_per_pt);
        cr.save().map_err(|e| e.to_string())?;
        cr.translate((pw - dw) / 2.0, (ph - dh) / 2.0);
        cr.scale(1.0 / px_per_pt, 1.0 / px_per_pt);
        cr.set_source_surface(&surface, 0.0, 0.0)
            .map_err(|e| e.to_string())?;
        cr.paint().map_err(|e| e.to_string())?;
        cr.restore().map_err(|e| e.to_string())?;
        Ok(())
    }
}

#[cfg(not(target_os = "linux"))]
mod gtk_print {
    use std::sync::mpsc::Sender;

    use tauri::Runtime;
    use travesia_api::AppError;
    use travesia_layout::Scene;

    pub fn start<R: Runtime>(
        _window: &tauri::WebviewWindow<R>,
        _scene: Scene,
        _title: &str,
        _done: Sender<Result<bool, AppError>>,
    ) -> Result<(), AppError> {
        Err(super::failed("printing is not built for this system"))
    }
}
