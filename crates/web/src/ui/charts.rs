//! Chart geometry for server-rendered inline SVG: scales with round ticks, bar and line
//! positions, and the text alternative of each chart. Templates only draw what these
//! structs say (`templates/charts.html`); colours come from CSS classes (`c-*` in
//! `app.css`), so dark mode and the CSP's ban on inline styles both hold.
//!
//! Charts use the width they are given: across, positions are percentages of the plot
//! (the SVG has no `viewBox`, so nothing is scaled), and down they are pixels; labels and
//! values sit in the margins the stylesheet leaves beside the plot. Text therefore keeps
//! its size from a phone to a wide screen, and a wider panel gives longer bars, not
//! bigger letters.
//!
//! The few words a chart writes itself ("No data.", units, the decimal separator) come in
//! [`Words`], looked up by the page in the reader's language: this file knows no languages.

/// The plot's width: positions across are percentages.
const PLOT: f64 = 100.0;
/// Where row labels end, left of the plot (pixels; the stylesheet's margin holds them).
const LABEL_END: f64 = -6.0;
/// The longest row label, in characters; longer ones are shortened.
const LABEL_CHARS: usize = 15;
/// Height of one bar.
const LANE: f64 = 18.0;
/// Space between rows.
const ROW_GAP: f64 = 10.0;
/// Space above the bars for the axis labels.
const AXIS_HEIGHT: f64 = 20.0;

/// The words and number signs charts write, in the reader's language (the page looks them
/// up); the default is English.
#[derive(Debug, Clone, PartialEq)]
pub struct Words {
    /// The text alternative of a chart with nothing to show: "No data.".
    pub no_data: String,
    /// A meter's text alternative without a share, after its title: "no data".
    pub no_share: String,
    /// Said after a bar or a point that opens a list, to screen readers: "open the list".
    pub open_list: String,
    /// The suffixes of durations in minutes, hours and days: "min", "h", "d".
    pub minutes: String,
    pub hours: String,
    pub days: String,
    /// Between the whole and the decimals of a number: `.` or `,`.
    pub decimal: char,
}

impl Default for Words {
    fn default() -> Self {
        Words {
            no_data: "No data.".into(),
            no_share: "no data".into(),
            open_list: "open the list".into(),
            minutes: "min".into(),
            hours: "h".into(),
            days: "d".into(),
            decimal: '.',
        }
    }
}

impl Words {
    /// `number` (written with a point) with the language's decimal separator.
    fn decimals(&self, number: String) -> String {
        if self.decimal == '.' { number } else { number.replace('.', &self.decimal.to_string()) }
    }

    /// A share as a whole percentage (one decimal under 10 %).
    pub fn percent(&self, share: f64) -> String {
        let p = share * 100.0;
        // Rounded half away from zero (12.5 % is 13 %), unlike formatting's half to even.
        let number =
            if p > 0.0 && p < 10.0 { format!("{:.1}", (p * 10.0).round() / 10.0) } else { format!("{}", p.round()) };
        format!("{}%", self.decimals(number))
    }

    /// A number as it comes, e.g. an axis's `0.5`.
    pub fn number(&self, v: f64) -> String {
        self.decimals(format!("{v}"))
    }

    /// `seconds` in `unit` with at most one decimal, e.g. `2.5 h`.
    pub fn in_unit(&self, seconds: f64, unit: Unit) -> String {
        let v = seconds / unit.seconds();
        let suffix = match unit {
            Unit::Minutes => &self.minutes,
            Unit::Hours => &self.hours,
            Unit::Days => &self.days,
        };
        let number = if (v - v.round()).abs() < 0.05 { format!("{}", v.round()) } else { format!("{v:.1}") };
        format!("{} {suffix}", self.decimals(number))
    }

    /// A duration in the unit that suits it, e.g. `45 min`, `5.5 h`, `3 d`.
    pub fn duration(&self, seconds: f64) -> String {
        self.in_unit(seconds, Unit::of(seconds))
    }
}

/// Rounds a coordinate to a tenth: shorter markup, no visible difference.
fn r(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A linear scale from 0..`max` (a round number) to 0..`pixels`, with its ticks.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    /// The value at the far end of the axis.
    pub max: f64,
    /// The distance between ticks, in values.
    pub step: f64,
    pub pixels: f64,
}

impl Scale {
    /// A scale whose end is the smallest round number (1, 2 or 5 times a power of ten,
    /// times a whole number of steps) at or above `largest`, with at most `ticks` steps.
    /// Nothing to show (zero, negative or not a number) gives a scale of 0..1.
    pub fn nice(largest: f64, ticks: usize, pixels: f64) -> Scale {
        let ticks = ticks.max(1) as f64;
        if !largest.is_finite() || largest <= 0.0 {
            return Scale { max: 1.0, step: 1.0, pixels };
        }
        let rough = largest / ticks;
        let magnitude = 10f64.powf(rough.log10().floor());
        let step =
            [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= rough).unwrap_or(magnitude * 10.0);
        // Rounded to the step's magnitude: 3 x 0.1 is 0.3, not 0.30000000000000004.
        let max = ((largest / step - 1e-9).ceil() * step / magnitude).round() * magnitude;
        Scale { max, step, pixels }
    }

    /// A scale for shares, 0 to 1 in quarters.
    pub fn share(pixels: f64) -> Scale {
        Scale { max: 1.0, step: 0.25, pixels }
    }

    /// The distance from the axis origin of `value`, clamped to the axis.
    pub fn at(&self, value: f64) -> f64 {
        if !value.is_finite() || self.max <= 0.0 {
            return 0.0;
        }
        (value.clamp(0.0, self.max) / self.max) * self.pixels
    }

    /// The tick values: 0, step, 2 step, ... max.
    pub fn ticks(&self) -> Vec<f64> {
        let n = (self.max / self.step).round() as i64;
        (0..=n).map(|i| i as f64 * self.step).collect()
    }
}

/// A rectangle with its colour class, its tooltip and where it leads (the list of what it
/// counts).
#[derive(Debug, Clone, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub class: String,
    pub title: String,
    pub href: Option<String>,
}

/// A tick of an axis: where, and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub at: f64,
    pub label: String,
}

/// A colour and what it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    pub class: String,
    pub label: String,
}

/// One piece of a stacked bar: its value, colour class, name and the list it opens.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub value: f64,
    pub class: String,
    pub name: String,
    pub href: Option<String>,
}

impl Segment {
    pub fn new(value: f64, class: impl Into<String>, name: impl Into<String>) -> Segment {
        Segment { value, class: class.into(), name: name.into(), href: None }
    }

    /// The segment, opening `href` (the list of what it counts) when clicked.
    pub fn linking(self, href: Option<String>) -> Segment {
        Segment { href, ..self }
    }
}

/// A row of a horizontal bar chart: a label and one or more bars (lanes, side by side for
/// grouped bars), each a stack of segments.
#[derive(Debug, Clone, PartialEq)]
pub struct RowData {
    pub label: String,
    pub lanes: Vec<Vec<Segment>>,
}

/// A piece of text placed in a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

impl RowData {
    /// A row of one bar, a stack of `segments`.
    pub fn bar(label: impl Into<String>, segments: Vec<Segment>) -> RowData {
        RowData { label: label.into(), lanes: vec![segments] }
    }
}

/// A drawn row: its label, its rectangles and the value written after each bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The label, shortened to fit (the full one is in the text alternative and the table).
    pub label: String,
    pub label_y: f64,
    pub rects: Vec<Rect>,
    pub values: Vec<Text>,
}

/// At most `max` characters of `text`, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// A horizontal bar chart (single, stacked or grouped bars).
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Prefix of the element ids (for `aria-labelledby`).
    pub id: String,
    pub title: String,
    /// The text alternative: every row and its values.
    pub desc: String,
    /// Its height in pixels.
    pub height: f64,
    /// Where labels end, left of the plot (pixels).
    pub label_x: f64,
    pub plot_top: f64,
    pub plot_bottom: f64,
    /// The x axis's ticks (percentages across).
    pub ticks: Vec<Tick>,
    pub rows: Vec<Row>,
    pub legend: Vec<Legend>,
    /// Said after a bar that opens a list ([`Words::open_list`]).
    pub open_list: String,
}

impl BarChart {
    /// Whether a bar opens a list: the chart is then a group of links, not a picture.
    pub fn linked(&self) -> bool {
        self.rows.iter().any(|r| r.rects.iter().any(|b| b.href.is_some()))
    }
}

impl BarChart {
    /// Lays out `rows`; `format` writes a value for people (axis, values and text).
    pub fn new(
        id: &str,
        title: &str,
        rows: Vec<RowData>,
        legend: Vec<Legend>,
        scale_of: impl Fn(f64, f64) -> Scale,
        format: impl Fn(f64) -> String,
        words: &Words,
    ) -> BarChart {
        let largest = rows
            .iter()
            .flat_map(|r| r.lanes.iter())
            .map(|lane| lane.iter().map(|s| s.value.max(0.0)).sum::<f64>())
            .fold(0.0, f64::max);
        let scale = scale_of(largest, PLOT);
        let mut y = AXIS_HEIGHT;
        let mut out = Vec::new();
        let mut desc = Vec::new();
        for row in rows {
            let lanes = row.lanes.len().max(1) as f64;
            let mut rects = Vec::new();
            let mut values = Vec::new();
            let mut said = Vec::new();
            for (i, lane) in row.lanes.iter().enumerate() {
                let top = y + i as f64 * LANE;
                let mut x = 0.0;
                let total: f64 = lane.iter().map(|s| s.value.max(0.0)).sum();
                for s in lane {
                    let w = scale.at(s.value.max(0.0)).min(scale.pixels - x);
                    if w > 0.0 {
                        let title = format!("{}: {}", s.name, format(s.value));
                        rects.push(Rect {
                            x: r(x),
                            y: r(top),
                            w: r(w),
                            h: LANE - 2.0,
                            class: s.class.clone(),
                            title,
                            href: s.href.clone(),
                        });
                    }
                    x += w;
                }
                let text = format(total);
                // A single bar's value speaks for itself; stacks and groups name their parts.
                let names: Vec<String> = if lane.len() > 1 || row.lanes.len() > 1 {
                    lane.iter().map(|s| format!("{} {}", s.name, format(s.value))).collect()
                } else {
                    Vec::new()
                };
                said.push(if names.is_empty() { text.clone() } else { format!("{text} ({})", names.join(", ")) });
                values.push(Text { x: r(x), y: r(top + LANE - 5.0), text });
            }
            desc.push(format!("{}: {}", row.label, said.join("; ")));
            let label = shorten(&row.label, LABEL_CHARS);
            out.push(Row { label, label_y: r(y + lanes * LANE / 2.0 + 2.0), rects, values });
            y += lanes * LANE + ROW_GAP;
        }
        let ticks = scale.ticks().into_iter().map(|v| Tick { at: r(scale.at(v)), label: format(v) }).collect();
        let desc = if desc.is_empty() { words.no_data.clone() } else { format!("{}.", desc.join(". ")) };
        BarChart {
            id: id.into(),
            title: title.into(),
            desc,
            height: r(y.max(AXIS_HEIGHT + LANE) + 4.0),
            label_x: LABEL_END,
            plot_top: AXIS_HEIGHT - 4.0,
            plot_bottom: r(y - ROW_GAP + 4.0),
            ticks,
            rows: out,
            legend,
            open_list: words.open_list.clone(),
        }
    }
}

/// One line of a line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub class: String,
    /// The `points` attribute of the polyline, in a plot [`PLOT`] units across (stretched
    /// to the width) and pixels down.
    pub points: String,
    /// A dot per point (left out when there are too many to tell apart).
    pub dots: Vec<Dot>,
}

/// A point of a line: percentage across, pixels down, its tooltip and the list it opens.
#[derive(Debug, Clone, PartialEq)]
pub struct Dot {
    pub x: f64,
    pub y: f64,
    pub title: String,
    pub href: Option<String>,
}

/// A line chart over consecutive days.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub id: String,
    pub title: String,
    pub desc: String,
    /// Its height in pixels, the day labels under the plot included.
    pub height: f64,
    pub plot_top: f64,
    pub plot_bottom: f64,
    /// Lines across the plot at round values (pixels down), labelled in the left margin.
    pub y_ticks: Vec<Tick>,
    /// Labels under the x axis (a few days, evenly spread; percentages across).
    pub x_ticks: Vec<Tick>,
    pub series: Vec<Series>,
    /// Said after a point that opens a list ([`Words::open_list`]).
    pub open_list: String,
}

impl LineChart {
    /// The chart with the dots of series `index` opening `hrefs` (one a point, in order).
    pub fn linking(mut self, index: usize, hrefs: Vec<String>) -> LineChart {
        if let Some(series) = self.series.get_mut(index) {
            for (dot, href) in series.dots.iter_mut().zip(hrefs) {
                dot.href = Some(href);
            }
        }
        self
    }

    /// Whether a dot opens a list: the chart is then a group of links, not a picture.
    pub fn linked(&self) -> bool {
        self.series.iter().any(|s| s.dots.iter().any(|d| d.href.is_some()))
    }

    /// Lines over `labels` (one per x position); each series is (name, class, values).
    /// `dot` writes a point's tooltip from its series' index, its label and its value
    /// ("Mar 3: 4 created").
    pub fn new(
        id: &str,
        title: &str,
        labels: &[String],
        series: Vec<(&str, &str, Vec<i64>)>,
        desc: String,
        dot: impl Fn(usize, &str, i64) -> String,
        words: &Words,
    ) -> LineChart {
        let (top, bottom) = (10.0, 140.0);
        let largest = series.iter().flat_map(|s| s.2.iter()).copied().max().unwrap_or(0);
        let scale = Scale::nice(largest as f64, 4, bottom - top);
        let n = labels.len();
        let x_of = |i: usize| if n <= 1 { PLOT / 2.0 } else { PLOT * i as f64 / (n - 1) as f64 };
        let with_dots = n <= 62;
        let series = series
            .into_iter()
            .enumerate()
            .map(|(index, (label, class, values))| {
                let points: Vec<(f64, f64)> =
                    values.iter().enumerate().map(|(i, v)| (r(x_of(i)), r(bottom - scale.at(*v as f64)))).collect();
                let dots = if with_dots {
                    points
                        .iter()
                        .zip(&values)
                        .zip(labels)
                        .map(|((&(x, y), v), day)| Dot { x, y, title: dot(index, day, *v), href: None })
                        .collect()
                } else {
                    Vec::new()
                };
                Series {
                    label: label.into(),
                    class: class.into(),
                    points: points.iter().map(|(x, y)| format!("{x},{y}")).collect::<Vec<_>>().join(" "),
                    dots,
                }
            })
            .collect();
        // At most six labels under the axis, the first and last always.
        let every = n.div_ceil(6).max(1);
        let x_ticks = (0..n)
            .filter(|i| i % every == 0 || *i + 1 == n)
            .filter(|i| *i + 1 == n || n - 1 - i >= every / 2)
            .map(|i| Tick { at: r(x_of(i)), label: labels[i].clone() })
            .collect();
        let y_ticks =
            scale.ticks().into_iter().map(|v| Tick { at: r(bottom - scale.at(v)), label: words.number(v) }).collect();
        LineChart {
            id: id.into(),
            title: title.into(),
            desc,
            height: bottom + 22.0,
            plot_top: top,
            plot_bottom: bottom,
            y_ticks,
            x_ticks,
            series,
            open_list: words.open_list.clone(),
        }
    }
}

/// A share shown as a big number over a bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Meter {
    pub id: String,
    pub title: String,
    pub desc: String,
    /// The share for people, e.g. `60%`, or `—` without data.
    pub big: String,
    /// What it is a share of, e.g. `3 of 5 tickets with an SLA`.
    pub detail: String,
    /// Width of the filled part of the bar, a percentage.
    pub fill: f64,
    pub class: String,
}

impl Meter {
    /// A meter of `share` (0..1, `None`: no data); `detail` says what it is a share of.
    pub fn new(id: &str, title: &str, share: Option<f64>, detail: String, class: &str, words: &Words) -> Meter {
        let big = share.map(|s| words.percent(s)).unwrap_or_else(|| "—".into());
        let desc = match share {
            Some(_) => format!("{title}: {big}, {detail}."),
            None => format!("{title}: {}, {detail}.", words.no_share),
        };
        Meter {
            id: id.into(),
            title: title.into(),
            desc,
            big,
            detail,
            fill: r(Scale::share(PLOT).at(share.unwrap_or(0.0))),
            class: class.into(),
        }
    }
}

/// A count for people.
pub fn count(v: f64) -> String {
    format!("{}", v.round() as i64)
}

/// A unit durations are written in ([`Words::in_unit`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
}

impl Unit {
    /// The unit durations around `largest` seconds are best written in.
    pub fn of(largest: f64) -> Unit {
        if largest < 2.0 * 3600.0 {
            Unit::Minutes
        } else if largest < 72.0 * 3600.0 {
            Unit::Hours
        } else {
            Unit::Days
        }
    }

    /// Its length in seconds.
    pub fn seconds(self) -> f64 {
        match self {
            Unit::Minutes => 60.0,
            Unit::Hours => 3600.0,
            Unit::Days => 86400.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nice_scale_ends_on_a_round_number_above_the_largest_value() {
        assert_eq!(Scale::nice(7.0, 4, 100.0), Scale { max: 8.0, step: 2.0, pixels: 100.0 });
        assert_eq!(Scale::nice(10.0, 5, 100.0), Scale { max: 10.0, step: 2.0, pixels: 100.0 });
        assert_eq!(Scale::nice(143.0, 4, 100.0), Scale { max: 150.0, step: 50.0, pixels: 100.0 });
        assert_eq!(Scale::nice(0.3, 4, 100.0).max, 0.3);
        assert_eq!(Scale::nice(0.31, 4, 100.0).max, 0.4);
        assert_eq!(Scale::nice(1.0, 4, 100.0), Scale { max: 1.0, step: 0.5, pixels: 100.0 });
    }

    #[test]
    fn an_empty_scale_runs_from_zero_to_one() {
        assert_eq!(Scale::nice(0.0, 4, 50.0), Scale { max: 1.0, step: 1.0, pixels: 50.0 });
        assert_eq!(Scale::nice(f64::NAN, 4, 50.0).max, 1.0);
        assert_eq!(Scale::nice(-3.0, 4, 50.0).max, 1.0);
    }

    #[test]
    fn a_scale_maps_values_linearly_and_clamps_to_its_axis() {
        let s = Scale::nice(80.0, 4, 200.0);
        assert_eq!(s.max, 80.0);
        assert_eq!(s.at(0.0), 0.0);
        assert_eq!(s.at(20.0), 50.0);
        assert_eq!(s.at(80.0), 200.0);
        assert_eq!(s.at(500.0), 200.0);
        assert_eq!(s.at(-5.0), 0.0);
        assert_eq!(s.ticks(), [0.0, 20.0, 40.0, 60.0, 80.0]);
    }

    #[test]
    fn stacked_segments_sit_end_to_end_and_the_longest_bar_fits() {
        let row = |label: &str, a: f64, b: f64| RowData {
            label: label.into(),
            lanes: vec![vec![Segment::new(a, "c-p1", "P1"), Segment::new(b, "c-p2", "P2")]],
        };
        let chart = BarChart::new(
            "t",
            "Teams",
            vec![row("Desk", 3.0, 1.0), row("Net", 1.0, 1.0)],
            vec![],
            |l, p| Scale::nice(l, 4, p),
            count,
            &Words::default(),
        );
        let desk = &chart.rows[0].rects;
        assert_eq!(desk[0].x, 0.0);
        assert_eq!(desk[1].x, r(desk[0].x + desk[0].w));
        assert_eq!(r(desk[0].w + desk[1].w), PLOT, "4 is the axis end: the whole width");
        assert_eq!(chart.rows[0].values[0].text, "4");
        assert!(chart.rows[1].rects[0].y > desk[0].y, "rows go down the chart");
        assert_eq!(chart.desc, "Desk: 4 (P1 3, P2 1). Net: 2 (P1 1, P2 1).");
    }

    #[test]
    fn long_labels_are_shortened_with_an_ellipsis() {
        assert_eq!(shorten("Network operations centre", 10), "Network o…");
        assert_eq!(shorten("Desk", 10), "Desk");
    }

    #[test]
    fn zero_values_draw_no_rectangles() {
        let rows = vec![RowData { label: "P1".into(), lanes: vec![vec![Segment::new(0.0, "c-p1", "P1")]] }];
        let chart = BarChart::new("t", "Backlog", rows, vec![], |l, p| Scale::nice(l, 4, p), count, &Words::default());
        assert!(chart.rows[0].rects.is_empty());
        assert_eq!(chart.desc, "P1: 0.");
    }

    #[test]
    fn a_line_chart_puts_the_first_and_last_day_at_the_plot_edges() {
        let labels: Vec<String> = (1..=30).map(|d| format!("d{d}")).collect();
        let dot = |_: usize, day: &str, v: i64| format!("{day}: {v} created");
        let series = vec![("Created", "c-created", (0..30).collect())];
        let chart = LineChart::new("f", "Flow", &labels, series, String::new(), dot, &Words::default());
        let points: Vec<&str> = chart.series[0].points.split(' ').collect();
        assert_eq!(points.len(), 30);
        assert_eq!(points[0], format!("0,{}", chart.plot_bottom));
        assert!(points[29].starts_with(&format!("{PLOT},")));
        assert_eq!(chart.x_ticks.first().map(|t| t.label.as_str()), Some("d1"));
        assert_eq!(chart.x_ticks.last().map(|t| t.label.as_str()), Some("d30"));
        assert!(chart.x_ticks.len() <= 7);
        assert_eq!(chart.series[0].dots[2].title, "d3: 2 created", "the page writes a point's tooltip");
    }

    #[test]
    fn shares_and_durations_are_written_for_people() {
        let words = Words::default();
        let percent = |share| words.percent(share);
        assert_eq!(percent(0.6), "60%");
        assert_eq!(percent(2.0 / 7.0), "29%");
        assert_eq!(percent(0.05), "5.0%");
        assert_eq!(percent(0.125), "13%");
        assert_eq!(percent(0.0125), "1.3%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(words.duration(45.0 * 60.0), "45 min");
        assert_eq!(words.duration(5.5 * 3600.0), "5.5 h");
        assert_eq!(words.duration(3.0 * 86400.0), "3 d");
        let m = Meter::new("sla", "SLA met", Some(0.5), "1 of 2".into(), "c-met", &words);
        assert_eq!((m.big.as_str(), m.fill), ("50%", 50.0));
        let none = Meter::new("sla", "SLA met", None, "none".into(), "c-met", &words);
        assert_eq!((none.big.as_str(), none.desc.as_str()), ("—", "SLA met: no data, none."));
    }

    #[test]
    fn charts_write_the_words_and_decimals_they_are_given() {
        let words = Words {
            no_data: "Geen gegevens.".into(),
            no_share: "geen gegevens".into(),
            open_list: "lijst openen".into(),
            minutes: "min".into(),
            hours: "u".into(),
            days: "d".into(),
            decimal: ',',
        };
        assert_eq!(words.percent(0.0125), "1,3%");
        assert_eq!(words.duration(5.5 * 3600.0), "5,5 u");
        assert_eq!(words.in_unit(90.0 * 60.0, Unit::Hours), "1,5 u");
        assert_eq!(words.number(0.5), "0,5");
        let empty = BarChart::new("t", "Teams", vec![], vec![], |l, p| Scale::nice(l, 4, p), count, &words);
        assert_eq!((empty.desc.as_str(), empty.open_list.as_str()), ("Geen gegevens.", "lijst openen"));
        let m = Meter::new("sla", "SLA", None, "0 van 0".into(), "c-met", &words);
        assert_eq!(m.desc, "SLA: geen gegevens, 0 van 0.");
    }
}
