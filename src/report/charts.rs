//! The calibration charts, as SVG text (plotters' SVG backend only: no fonts or bitmaps are
//! built; text is left to the browser). Each chart has a title and titled axes, and draws only
//! what the calibration computed: bins, cut-offs and rates, never a row of input.

use super::format::number;
use super::types::{Bin, Cutoff, ScoreSummary};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use std::ops::Range;

/// One chart of a score column: its file name in the report directory, title and SVG.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File name, e.g. `identityMatchScore.roc.svg`.
    pub file: String,
    /// What it shows.
    pub title: String,
    /// The drawing.
    pub svg: String,
}

const SIZE: (u32, u32) = (640, 400);
const FONT: &str = "sans-serif";
const BARS: RGBColor = RGBColor(76, 120, 168);
const MARKS: RGBColor = RGBColor(150, 150, 150);
const PALETTE: [RGBColor; 3] = [RGBColor(76, 120, 168), RGBColor(228, 87, 86), RGBColor(84, 162, 75)];

/// One line of a line chart.
struct Line<'a> {
    name: &'a str,
    points: Vec<(f64, f64)>,
}

/// Vertical lines at some cut-offs, with their legend entry.
struct Marks<'a> {
    name: &'a str,
    at: Vec<f64>,
}

const NO_MARKS: Marks = Marks { name: "", at: Vec::new() };

/// The axes of a chart.
struct Axes<'a> {
    title: &'a str,
    x: &'a str,
    y: &'a str,
    x_range: Range<f64>,
    y_range: Range<f64>,
}

/// Every chart of one score column: the histogram and the share accepted; with labels ROC, PR
/// and the metrics per cut-off; with Fellegi-Sunter estimates, the estimated error rates. None
/// when the column has no scores.
pub fn score_charts(score: &ScoreSummary, cutoffs: &[Cutoff]) -> Vec<Chart> {
    let (Some(min), Some(max)) = (cutoffs.last().map(|c| c.axis), cutoffs.first().map(|c| c.axis)) else {
        return Vec::new();
    };
    let column = score.column.as_str();
    // A probability is drawn on its weight, where its two humps show (the cut-offs' axis).
    let transformed = cutoffs.iter().any(|c| c.axis != c.cutoff);
    let axis_title = if transformed { format!("{column}, as its weight (log2 odds)") } else { column.to_string() };
    let cutoff_title = if transformed { "cut-off, as its weight (log2 odds)" } else { "cut-off" };
    let axis_of = |value: f64| cutoffs.iter().find(|c| c.cutoff == value).map_or(value, |c| c.axis);
    let stem: String = column.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let mut charts = Vec::new();
    let mut add = |kind: &str, title: String, svg: String| {
        charts.push(Chart { file: format!("{stem}.{kind}.svg"), title, svg });
    };
    let x_range = padded(min, max);
    let suggested = Marks { name: "valley", at: score.suggested_cutoffs.iter().map(|&c| axis_of(c)).collect() };
    let title = format!("{column}: requests per score");
    let highest = score.histogram.iter().map(|b| b.rows).max().unwrap_or(0) as f64;
    let histogram_range =
        padded(score.histogram.first().map_or(min, |b| b.from), score.histogram.last().map_or(max, |b| b.to));
    let axes = Axes {
        title: &title,
        x: &axis_title,
        y: "requests",
        x_range: histogram_range,
        y_range: 0.0..highest * 1.1 + 1.0,
    };
    add("histogram", title.clone(), bar_chart(&axes, &score.histogram, &suggested));

    // A rate per cut-off is a step function: a cut-off between two scores accepts what the
    // higher one does, so each value holds from just above the next lower score up to its own.
    let steps = |value: fn(&Cutoff) -> Option<f64>| -> Vec<(f64, f64)> {
        let ascending: Vec<(f64, f64)> = cutoffs.iter().rev().filter_map(|c| Some((c.axis, value(c)?))).collect();
        let mut points = Vec::with_capacity(2 * ascending.len());
        for (i, &(at, rate)) in ascending.iter().enumerate() {
            if i > 0 {
                points.push((ascending[i - 1].0, rate));
            }
            points.push((at, rate));
        }
        points
    };
    let title = format!("{column}: share of requests a cut-off accepts");
    let share = Line { name: "share with score >= cut-off", points: steps(|c| Some(c.match_rate)) };
    let axes =
        Axes { title: &title, x: cutoff_title, y: "share accepted", x_range: x_range.clone(), y_range: 0.0..1.02 };
    add("share", title.clone(), line_chart(&axes, &[share], &suggested));

    if score.auc.is_some() {
        let title = format!("{column}: ROC curve (AUC {:.3})", score.auc.unwrap_or(0.0));
        let mut points = vec![(0.0, 0.0)];
        points.extend(cutoffs.iter().filter_map(|c| Some((c.false_positive_rate?, c.recall?))));
        let chance = Line { name: "chance", points: vec![(0.0, 0.0), (1.0, 1.0)] };
        let roc = Line { name: column, points };
        let axes = Axes {
            title: &title,
            x: "false-positive rate",
            y: "true-positive rate (recall)",
            x_range: 0.0..1.0,
            y_range: 0.0..1.02,
        };
        add("roc", title.clone(), line_chart(&axes, &[roc, chance], &NO_MARKS));

        let title = format!("{column}: precision and recall (average precision {:.3})", score.pr_auc.unwrap_or(0.0));
        let pr =
            Line { name: column, points: cutoffs.iter().filter_map(|c| Some((c.recall?, c.precision?))).collect() };
        let axes = Axes { title: &title, x: "recall", y: "precision", x_range: 0.0..1.0, y_range: 0.0..1.02 };
        add("pr", title.clone(), line_chart(&axes, &[pr], &NO_MARKS));

        let title = format!("{column}: precision, recall and F1 per cut-off");
        let lines = [
            Line { name: "precision", points: steps(|c| c.precision) },
            Line { name: "recall", points: steps(|c| c.recall) },
            Line { name: "F1", points: steps(|c| c.f1) },
        ];
        let best = Marks { name: "best F1", at: score.best_f1.iter().map(|c| c.axis).collect() };
        let axes = Axes { title: &title, x: cutoff_title, y: "rate", x_range: x_range.clone(), y_range: 0.0..1.02 };
        add("metrics", title.clone(), line_chart(&axes, &lines, &best));
    }
    if cutoffs.iter().any(|c| c.estimated_fdr.is_some()) {
        let title = format!("{column}: Fellegi-Sunter error estimates per cut-off");
        let lines = [
            Line { name: "estimated false discovery rate", points: steps(|c| c.estimated_fdr) },
            Line { name: "estimated false negative rate", points: steps(|c| c.estimated_fnr) },
        ];
        let axes = Axes { title: &title, x: cutoff_title, y: "estimated rate", x_range, y_range: 0.0..1.02 };
        add("estimates", title.clone(), line_chart(&axes, &lines, &suggested));
    }
    charts
}

/// `min..max`, widened when empty so that a single value still has room.
fn padded(min: f64, max: f64) -> Range<f64> {
    if max > min { min..max } else { min - 0.5..max + 0.5 }
}

type Context<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
type Drawn = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Height of the strip under the plot that holds the legend, so that it never covers a curve.
const LEGEND: u32 = 28;

/// Draws a chart into an SVG string: the axes, what `plot` adds, the `marks`, and under the
/// plot a legend of `named` series (name, colour) and the marks. Drawing into memory only
/// fails on a plotters bug.
fn draw(
    axes: &Axes,
    marks: &Marks,
    named: &[(&str, RGBColor)],
    plot: impl FnOnce(&mut Context<'_, '_>) -> Drawn,
) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        let result = root.fill(&WHITE).and_then(|()| {
            let (upper, strip) = root.split_vertically(SIZE.1 - LEGEND);
            let mut chart = ChartBuilder::on(&upper)
                .caption(axes.title, (FONT, 18))
                .margin(16)
                .x_label_area_size(40)
                .y_label_area_size(64)
                .build_cartesian_2d(axes.x_range.clone(), axes.y_range.clone())?;
            chart
                .configure_mesh()
                .x_desc(axes.x)
                .y_desc(axes.y)
                .axis_desc_style((FONT, 14))
                .label_style((FONT, 12))
                .x_label_formatter(&|v| number(*v))
                .y_label_formatter(&|v| number(*v))
                .max_light_lines(0)
                .draw()?;
            plot(&mut chart)?;
            let mut entries: Vec<(&str, RGBColor)> = named.to_vec();
            if !marks.at.is_empty() {
                let style = MARKS.stroke_width(2);
                let (bottom, top) = (axes.y_range.start, axes.y_range.end);
                chart.draw_series(marks.at.iter().map(|&x| PathElement::new(vec![(x, bottom), (x, top)], style)))?;
                entries.push((marks.name, MARKS));
            }
            let mut x = 80;
            for (name, color) in entries {
                strip.draw(&PathElement::new(vec![(x, 12), (x + 20, 12)], color.stroke_width(2)))?;
                strip.draw(&Text::new(name.to_string(), (x + 26, 6), (FONT, 12)))?;
                x += 40 + 7 * name.chars().count() as i32;
            }
            root.present()
        });
        result.expect("drawing a chart into memory");
    }
    svg
}

fn bar_chart(axes: &Axes, bins: &[Bin], marks: &Marks) -> String {
    draw(axes, marks, &[], |chart| {
        let bars = bins.iter().map(|b| Rectangle::new([(b.from, 0.0), (b.to, b.rows as f64)], BARS.mix(0.75).filled()));
        chart.draw_series(bars).map(|_| ())
    })
}

fn line_chart(axes: &Axes, lines: &[Line], marks: &Marks) -> String {
    let named: Vec<(&str, RGBColor)> = lines.iter().zip(PALETTE.iter().cycle()).map(|(l, c)| (l.name, *c)).collect();
    draw(axes, marks, &named, |chart| {
        for (line, color) in lines.iter().zip(PALETTE.iter().cycle()) {
            chart.draw_series(LineSeries::new(line.points.iter().copied(), color.stroke_width(2)))?;
        }
        Ok(())
    })
}

/// Two or more distributions of one score overlaid (`drift`): per line its name and the
/// (score, share of rows) points, ascending; the shares drawn as outlines so both show.
pub fn overlay(title: &str, x: &str, lines: &[(&str, Vec<(f64, f64)>)]) -> String {
    let points = lines.iter().flat_map(|(_, p)| p.iter());
    let (low, high) = points.clone().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), (x, _)| (l.min(*x), h.max(*x)));
    let top = points.fold(0.0f64, |t, (_, y)| t.max(*y));
    let lines: Vec<Line> = lines.iter().map(|(name, points)| Line { name, points: points.clone() }).collect();
    let axes = Axes {
        title,
        x,
        y: "share of requests",
        x_range: if low.is_finite() { padded(low, high) } else { 0.0..1.0 },
        y_range: 0.0..top * 1.1 + 1e-9,
    };
    line_chart(&axes, &lines, &NO_MARKS)
}
