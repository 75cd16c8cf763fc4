//! The fit figure of a regression on table data: predicted against true value on the test
//! split, and the residuals' spread, the width physicists quote for a resolution.

use crate::engine::data::Task;
use crate::engine::train::{Session, Which};

/// The most test rows drawn: enough to show the spread, few enough to draw every frame.
pub const MAX_POINTS: usize = 2000;

/// Predicted against true values on the test split.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FitFigure {
    /// (true, predicted) of at most [`MAX_POINTS`] test rows spread over the split.
    pub points: Vec<[f64; 2]>,
    /// Median of predicted minus true.
    pub residual_median: f64,
    /// Half the central 68% interval of the residuals.
    pub residual_width: f64,
    /// Half the central 68% interval of the true values, to compare the width with.
    pub target_width: f64,
}

/// The value below which a share `q` of sorted `values` lies.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// Half the central 68% interval of `values` (sorted here).
pub fn central_width(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    0.5 * (quantile(values, 0.84) - quantile(values, 0.16))
}

/// The fit figure of a regression with a test split (not for the 1-D curve and line sets,
/// whose output view already draws the fit).
pub fn fit(session: &mut Session) -> Option<FitFigure> {
    if session.task() != Task::Regression
        || session.splits().test.rows() == 0
        || session.columns().len() < 2
    {
        return None;
    }
    let sample = session.sampled_predictions(Which::Test, MAX_POINTS);
    let (predicted, truth) = (sample.values, sample.labels);
    if predicted.is_empty() {
        return None;
    }
    let mut residuals: Vec<f64> = predicted.iter().zip(&truth).map(|(p, t)| p - t).collect();
    let residual_width = central_width(&mut residuals);
    let residual_median = quantile(&residuals, 0.5);
    let target_width = central_width(&mut truth.clone());
    Some(FitFigure {
        points: truth
            .iter()
            .zip(&predicted)
            .map(|(&t, &p)| [t, p])
            .collect(),
        residual_median,
        residual_width,
        target_width,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_central_width_of_a_uniform_grid_is_a_third_of_its_range() {
        let mut values: Vec<f64> = (0..=100).rev().map(f64::from).collect();
        // 16th and 84th of 0..=100
        assert_eq!(central_width(&mut values), 34.0);
        assert_eq!(quantile(&values, 0.5), 50.0);
    }
}
