//! Figures cut to what the inputs support: the one rounding rule (two significant figures) that
//! every availability figure goes through on its way out, as JSON and as words.
//!
//! The rates behind every figure are known to about one significant figure, so two are shown:
//! one that the inputs support and one so that neighbouring results do not collapse together.
//! Arithmetic never rounds (solvers, guarantees and tests compare the exact values); only what
//! is written out is cut, by the serde helpers [`two`] and [`two_probability`] and by the words
//! that `report::plan` writes from [`significant`].
//!
//! A probability is cut by the smaller of itself and its complement: `p_quorum` 0.99997683 is
//! shown as 0.999977, which is 1 − 2.3e-5, the `p_quorum_lost` shown beside it, so that the
//! figure people act on — how much is lost — keeps its two figures instead of reading 1.0.

use serde::{Serialize, Serializer};

/// Significant figures every availability figure is shown with.
pub const FIGURES: usize = 2;

/// `x` to `figures` significant figures (at least one), rounded to nearest on its exact decimal
/// value; infinities and NaN unchanged, and zero written without a sign (−0 reads as a figure
/// that was cut, not as none).
pub fn significant(x: f64, figures: usize) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    if !x.is_finite() {
        return x;
    }
    scientific(x, figures).parse().unwrap_or(x)
}

/// `x` in scientific form with `figures` significant figures. Rust writes the exact decimal
/// value rounded to the asked digits, and reads it back as the nearest double: the shortest form
/// of what [`significant`] returns has at most `figures` digits.
fn scientific(x: f64, figures: usize) -> String {
    format!("{x:.prec$e}", prec = figures.max(1) - 1)
}

/// A probability (or any fraction of 0–1) to `figures` significant figures of the smaller of
/// itself and its complement: near 1 it is 1 − [`significant`]`(1 − p)`, written with just the
/// decimals that complement needs (0.99997683 → 0.999977, which is 1 − 2.3e-5), so a
/// probability and its complement are cut alike and still add up to 1.
pub fn significant_probability(p: f64, figures: usize) -> f64 {
    let complement = 1.0 - p;
    if !(0.5..1.0).contains(&p) || !complement.is_finite() {
        return significant(p, figures);
    }
    let scientific = scientific(complement, figures);
    let rounded: f64 = scientific.parse().unwrap_or(complement);
    // The exponent of the rounded complement says how many decimals its figures take.
    let exponent: i64 = scientific
        .rsplit_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let decimals = usize::try_from(figures.max(1) as i64 - 1 - exponent).unwrap_or(0);
    format!("{:.decimals$}", 1.0 - rounded).parse().unwrap_or(p)
}

/// Values made of figures: a number, an optional one, a fixed list of them.
pub trait Figures: Sized {
    /// The same shape with every number passed through `cut`.
    fn cut(&self, cut: &dyn Fn(f64) -> f64) -> Self;
}

impl Figures for f64 {
    fn cut(&self, cut: &dyn Fn(f64) -> f64) -> Self {
        cut(*self)
    }
}

impl<T: Figures> Figures for Option<T> {
    fn cut(&self, cut: &dyn Fn(f64) -> f64) -> Self {
        self.as_ref().map(|value| value.cut(cut))
    }
}

impl<T: Figures, const N: usize> Figures for [T; N] {
    fn cut(&self, cut: &dyn Fn(f64) -> f64) -> Self {
        self.each_ref().map(|value| value.cut(cut))
    }
}

/// Writes `value` with every number cut by `rule` at [`FIGURES`] significant figures.
fn write<T: Figures + Serialize, S: Serializer>(
    value: &T,
    rule: fn(f64, usize) -> f64,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.cut(&|x| rule(x, FIGURES)).serialize(serializer)
}

/// `serialize_with` for a figure (or an optional one, or several) at [`FIGURES`] significant
/// figures.
pub fn two<T: Figures + Serialize, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    write(value, significant, s)
}

/// `serialize_with` for a probability or a fraction (or an optional one, or several) at
/// [`FIGURES`] significant figures of the smaller of it and its complement
/// ([`significant_probability`]).
pub fn two_probability<T: Figures + Serialize, S: Serializer>(
    value: &T,
    s: S,
) -> Result<S::Ok, S::Error> {
    write(value, significant_probability, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_significant_figures() {
        for (x, expected) in [
            (2.3168e-5, 2.3e-5),
            (0.0995, 0.1),
            (796.5, 800.0),
            (4.6351, 4.6),
            (12.49, 12.0),
            (1.25e-300, 1.2e-300),
            (0.0, 0.0),
        ] {
            assert_eq!(significant(x, 2), expected, "{x}");
        }
        assert!(significant(f64::NAN, 2).is_nan());
        assert!(significant(-0.0, 2).is_sign_positive());
        assert_eq!(significant(f64::INFINITY, 2), f64::INFINITY);
    }

    #[test]
    fn probabilities_keep_the_figures_of_the_smaller_side() {
        for (p, expected) in [
            (0.99997683, 0.999977),
            (2.3168e-5, 2.3e-5),
            (0.9, 0.9),
            (0.87349, 0.87),
            (0.96, 0.96),
            (0.5, 0.5),
            (0.0001234, 0.00012),
            (0.9998766, 0.99988),
            (1.0 - 1.04e-12, 0.999999999999),
            (1.0, 1.0),
            (0.0, 0.0),
        ] {
            assert_eq!(significant_probability(p, 2), expected, "{p}");
            // Cut once is cut for good.
            assert_eq!(significant_probability(expected, 2), expected, "{expected}");
        }
        // A probability and its complement are cut alike.
        for lost in [2.3168e-5, 0.01349, 0.4999, 0.73, 0.9998766] {
            let shown = significant_probability(lost, 2) + significant_probability(1.0 - lost, 2);
            assert!((shown - 1.0).abs() < 1e-12, "{lost}");
        }
    }

    #[test]
    fn serialised_figures_carry_two_digits() {
        #[derive(Serialize)]
        struct Shown {
            #[serde(serialize_with = "two")]
            lost: f64,
            #[serde(serialize_with = "two_probability")]
            up: f64,
            #[serde(serialize_with = "two")]
            pair: [Option<f64>; 2],
        }
        let json = serde_json::to_string(&Shown {
            lost: 2.3168e-5,
            up: 1.0 - 2.3168e-5,
            pair: [Some(4.6351), None],
        })
        .unwrap();
        assert_eq!(json, r#"{"lost":0.000023,"up":0.999977,"pair":[4.6,null]}"#);
    }
}
