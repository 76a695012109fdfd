//! The SVG figure of `varan monodromy --plot`: the complex plane of the equation's
//! variable with the finite singular points (labelled with their exact value when
//! rational), the base point, every lasso (one colour per singular point, arrowheads on
//! the small loop giving its orientation) and the loop for M_∞ (dashed, arrowheads
//! clockwise). Written by hand as a string (SVG 1.1, no dependency); the library returns
//! it and only the CLI writes files. The drawing is a picture of the polygons actually
//! integrated, at equal scale on both axes; it proves nothing.

use super::MonodromyJson;

/// Side of the plot area, in pixels.
const SIZE: f64 = 560.0;
/// Margin around the plot area.
const MARGIN: f64 = 48.0;
/// Width of the legend column.
const LEGEND: f64 = 230.0;
/// One colour per singular point (cycled).
const PALETTE: [&str; 10] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f",
];

/// The map from the complex plane to pixels (y grows downwards).
struct Frame {
    xmin: f64,
    xmax: f64,
    ymin: f64,
    ymax: f64,
    scale: f64,
}

impl Frame {
    fn px(&self, z: [f64; 2]) -> (f64, f64) {
        (MARGIN + (z[0] - self.xmin) * self.scale, MARGIN + (self.ymax - z[1]) * self.scale)
    }

    fn width(&self) -> f64 {
        (self.xmax - self.xmin) * self.scale
    }

    fn height(&self) -> f64 {
        (self.ymax - self.ymin) * self.scale
    }
}

/// Escapes text for XML character data and attribute values.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// A short decimal: at most 3 decimals, trailing zeros dropped.
fn num(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { &s };
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

fn frame(r: &MonodromyJson) -> Frame {
    let mut pts: Vec<[f64; 2]> = vec![r.base];
    for l in &r.local {
        pts.push(l.point);
        pts.extend(&l.path);
    }
    pts.extend(&r.infinity.path);
    let pts: Vec<[f64; 2]> =
        pts.into_iter().filter(|z| z[0].is_finite() && z[1].is_finite()).collect();
    let fold =
        |f: fn(f64, f64) -> f64, i: usize, init: f64| pts.iter().fold(init, |m, z| f(m, z[i]));
    let (mut xmin, mut xmax) =
        (fold(f64::min, 0, f64::INFINITY), fold(f64::max, 0, f64::NEG_INFINITY));
    let (mut ymin, mut ymax) =
        (fold(f64::min, 1, f64::INFINITY), fold(f64::max, 1, f64::NEG_INFINITY));
    if !(xmin.is_finite() && xmax.is_finite() && ymin.is_finite() && ymax.is_finite()) {
        (xmin, xmax, ymin, ymax) = (-1.0, 1.0, -1.0, 1.0);
    }
    let span = (xmax - xmin).max(ymax - ymin);
    let span = if span > 0.0 { span } else { 1.0 };
    let pad = 0.06 * span;
    let (xmin, xmax, ymin, ymax) = (xmin - pad, xmax + pad, ymin - pad, ymax + pad);
    let scale = SIZE / (xmax - xmin).max(ymax - ymin);
    Frame { xmin, xmax, ymin, ymax, scale }
}

fn path_d(f: &Frame, path: &[[f64; 2]]) -> String {
    let mut d = String::new();
    for (i, z) in path.iter().enumerate() {
        let (x, y) = f.px(*z);
        d.push_str(&format!("{}{:.2} {:.2}", if i == 0 { "M" } else { " L" }, x, y));
    }
    d
}

/// Arrowheads at the midpoints of the edges of `path`, the first and last edge (the way
/// out from the base point and back) excepted; every `every`-th edge.
fn arrows(out: &mut String, f: &Frame, path: &[[f64; 2]], colour: &str, every: usize) {
    let n = path.len();
    for (k, w) in path.windows(2).enumerate() {
        if k == 0 || k + 2 == n || (k - 1) % every != 0 {
            continue;
        }
        let (a, b) = (f.px(w[0]), f.px(w[1]));
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = (dx * dx + dy * dy).sqrt();
        // also skips a NaN length
        if len.is_nan() || len < 6.0 {
            continue;
        }
        let s = (0.35 * len).min(7.0);
        let (ux, uy) = (dx / len, dy / len);
        let (mx, my) = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        let tip = (mx + ux * s * 0.6, my + uy * s * 0.6);
        let back = (mx - ux * s * 0.4, my - uy * s * 0.4);
        let (nx, ny) = (-uy * s * 0.45, ux * s * 0.45);
        out.push_str(&format!(
            "<polygon class=\"arrow\" fill=\"{colour}\" points=\"{:.2},{:.2} {:.2},{:.2} {:.2},{:.2}\"/>\n",
            tip.0,
            tip.1,
            back.0 + nx,
            back.1 + ny,
            back.0 - nx,
            back.1 - ny
        ));
    }
}

/// The figure as an SVG document.
pub(super) fn svg(r: &MonodromyJson) -> String {
    let f = frame(r);
    let (w, h) = (f.width(), f.height());
    let total_w = MARGIN + w + 24.0 + LEGEND;
    let legend_h = MARGIN + 20.0 * (r.local.len() as f64 + 6.0);
    let total_h = (2.0 * MARGIN + h).max(legend_h);
    let var = xml(&r.variable);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{total_w:.0}\" height=\"{total_h:.0}\" \
         viewBox=\"0 0 {total_w:.0} {total_h:.0}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <title>monodromy of {}: {}</title>\n\
         <rect x=\"0\" y=\"0\" width=\"{total_w:.0}\" height=\"{total_h:.0}\" fill=\"white\"/>\n\
         <rect class=\"frame\" x=\"{MARGIN}\" y=\"{MARGIN}\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"none\" stroke=\"#999\"/>\n",
        xml(&r.model),
        xml(&r.source)
    );
    // the axes, where they cross the frame, and the frame's coordinates
    if f.xmin <= 0.0 && 0.0 <= f.xmax {
        let (x, _) = f.px([0.0, 0.0]);
        out.push_str(&format!(
            "<line class=\"axis\" x1=\"{x:.2}\" y1=\"{MARGIN}\" x2=\"{x:.2}\" y2=\"{:.2}\" stroke=\"#ccc\"/>\n",
            MARGIN + h
        ));
    }
    if f.ymin <= 0.0 && 0.0 <= f.ymax {
        let (_, y) = f.px([0.0, 0.0]);
        out.push_str(&format!(
            "<line class=\"axis\" x1=\"{MARGIN}\" y1=\"{y:.2}\" x2=\"{:.2}\" y2=\"{y:.2}\" stroke=\"#ccc\"/>\n",
            MARGIN + w
        ));
    }
    out.push_str(&format!(
        "<text x=\"{MARGIN}\" y=\"{:.2}\" fill=\"#666\">{}</text>\n\
         <text x=\"{:.2}\" y=\"{:.2}\" fill=\"#666\" text-anchor=\"end\">{}</text>\n\
         <text x=\"{:.2}\" y=\"{:.2}\" fill=\"#666\" text-anchor=\"end\">{}</text>\n\
         <text x=\"{:.2}\" y=\"{:.2}\" fill=\"#666\" text-anchor=\"end\">{}</text>\n\
         <text x=\"{:.2}\" y=\"{:.2}\" fill=\"#666\" text-anchor=\"middle\">Re {var}</text>\n\
         <text x=\"14\" y=\"{:.2}\" fill=\"#666\" text-anchor=\"middle\" transform=\"rotate(-90 14 {:.2})\">Im {var}</text>\n",
        MARGIN + h + 16.0,
        num(f.xmin),
        MARGIN + w,
        MARGIN + h + 16.0,
        num(f.xmax),
        MARGIN - 4.0,
        MARGIN + h,
        num(f.ymin),
        MARGIN - 4.0,
        MARGIN + 10.0,
        num(f.ymax),
        MARGIN + w / 2.0,
        MARGIN + h + 32.0,
        MARGIN + h / 2.0,
        MARGIN + h / 2.0,
    ));
    // M_∞: dashed
    out.push_str(&format!(
        "<path class=\"loop infinity\" d=\"{}\" fill=\"none\" stroke=\"#444\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"/>\n",
        path_d(&f, &r.infinity.path)
    ));
    arrows(&mut out, &f, &r.infinity.path, "#444", 2);
    // the lassos
    for (k, l) in r.local.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        out.push_str(&format!(
            "<path class=\"loop\" data-point=\"{}\" d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.6\" stroke-linejoin=\"round\"/>\n",
            xml(&r.point_label(k)),
            path_d(&f, &l.path)
        ));
        arrows(&mut out, &f, &l.path, colour, 1);
    }
    // the points and their labels
    for (k, l) in r.local.iter().enumerate() {
        let (x, y) = f.px(l.point);
        let label = match &l.point_exact {
            Some(e) => e.clone(),
            None => format!(
                "p{} ≈ {} {} {}i",
                k + 1,
                num(l.point[0]),
                if l.point[1] < 0.0 { "−" } else { "+" },
                num(l.point[1].abs())
            ),
        };
        // outside the small loop: beyond its circumradius, towards the upper right
        let rad = l.path.get(1).map_or(0.0, |v| {
            let (vx, vy) = f.px(*v);
            ((vx - x).powi(2) + (vy - y).powi(2)).sqrt()
        });
        let off = if rad.is_finite() && rad < 60.0 {
            rad * std::f64::consts::FRAC_1_SQRT_2 + 4.0
        } else {
            6.0
        };
        out.push_str(&format!(
            "<circle class=\"singular\" cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"4\" fill=\"black\"/>\n\
             <text class=\"label\" x=\"{:.2}\" y=\"{:.2}\">{}</text>\n",
            x + off.max(6.0),
            y - off.max(6.0),
            xml(&label)
        ));
    }
    let (bx, by) = f.px(r.base);
    out.push_str(&format!(
        "<circle class=\"base\" cx=\"{bx:.2}\" cy=\"{by:.2}\" r=\"4\" fill=\"white\" stroke=\"black\" stroke-width=\"1.5\"/>\n\
         <text class=\"label\" x=\"{:.2}\" y=\"{:.2}\" font-style=\"italic\">b</text>\n",
        bx + 6.0,
        by + 14.0
    ));
    // the legend
    let lx = MARGIN + w + 24.0;
    let mut ly = MARGIN + 4.0;
    out.push_str(&format!(
        "<text x=\"{lx:.2}\" y=\"{ly:.2}\" font-weight=\"bold\">{}</text>\n",
        xml(&r.model)
    ));
    ly += 18.0;
    out.push_str(&format!("<text x=\"{lx:.2}\" y=\"{ly:.2}\">{}</text>\n", xml(&r.source)));
    ly += 18.0;
    out.push_str(&format!(
        "<text x=\"{lx:.2}\" y=\"{ly:.2}\">base b = {} {} {}i</text>\n",
        num(r.base[0]),
        if r.base[1] < 0.0 { "−" } else { "+" },
        num(r.base[1].abs())
    ));
    for (k, _) in r.local.iter().enumerate() {
        ly += 20.0;
        let colour = PALETTE[k % PALETTE.len()];
        out.push_str(&format!(
            "<line x1=\"{lx:.2}\" y1=\"{:.2}\" x2=\"{:.2}\" y2=\"{:.2}\" stroke=\"{colour}\" stroke-width=\"2\"/>\n\
             <text x=\"{:.2}\" y=\"{ly:.2}\">M at {}</text>\n",
            ly - 4.0,
            lx + 24.0,
            ly - 4.0,
            lx + 30.0,
            xml(&r.point_label(k))
        ));
    }
    ly += 20.0;
    out.push_str(&format!(
        "<line x1=\"{lx:.2}\" y1=\"{:.2}\" x2=\"{:.2}\" y2=\"{:.2}\" stroke=\"#444\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"/>\n\
         <text x=\"{:.2}\" y=\"{ly:.2}\">M at ∞ (clockwise around all)</text>\n",
        ly - 4.0,
        lx + 24.0,
        ly - 4.0,
        lx + 30.0
    ));
    ly += 24.0;
    out.push_str(&format!(
        "<text x=\"{lx:.2}\" y=\"{ly:.2}\">{}</text>\n</svg>\n",
        xml(&r.relation)
    ));
    out
}
