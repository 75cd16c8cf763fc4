//! Input features computed from a table's columns (x, y, x^2, y^2, xy, sin x, sin y, or any
//! column by name) and the standardisation fitted on the training split.

/// One input of the network, computed from a row of columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    /// A column as it is.
    Column(usize),
    /// A column squared.
    Square(usize),
    /// The product of two columns.
    Product(usize, usize),
    /// The sine of a column.
    Sine(usize),
}

/// TF Playground's seven feature names, in its order.
pub const PLAYGROUND_FEATURES: [&str; 7] = ["x", "y", "x^2", "y^2", "xy", "sin(x)", "sin(y)"];

impl Feature {
    /// Parses a feature name against the table's columns: a column name, `c^2`, `sin(c)`,
    /// `a*b`, or TF Playground's `xy`.
    pub fn parse(name: &str, columns: &[String]) -> Result<Feature, String> {
        let index = |c: &str| columns.iter().position(|col| col == c.trim());
        let name = name.trim();
        if let Some(i) = index(name) {
            return Ok(Feature::Column(i));
        }
        if let Some(i) = name.strip_suffix("^2").and_then(index) {
            return Ok(Feature::Square(i));
        }
        if let Some(i) = name
            .strip_prefix("sin(")
            .and_then(|s| s.strip_suffix(')'))
            .and_then(index)
        {
            return Ok(Feature::Sine(i));
        }
        let product = if name == "xy" {
            Some(("x", "y"))
        } else {
            name.split_once('*')
        };
        if let Some((a, b)) = product
            && let (Some(i), Some(j)) = (index(a), index(b))
        {
            return Ok(Feature::Product(i, j));
        }
        Err(format!(
            "unknown feature '{name}' (columns: {})",
            columns.join(", ")
        ))
    }

    /// The highest column index the feature reads.
    pub fn last_column(self) -> usize {
        match self {
            Feature::Column(i) | Feature::Square(i) | Feature::Sine(i) => i,
            Feature::Product(i, j) => i.max(j),
        }
    }

    /// The feature's value for one row.
    pub fn eval(self, row: &[f64]) -> f64 {
        match self {
            Feature::Column(i) => row[i],
            Feature::Square(i) => row[i] * row[i],
            Feature::Product(i, j) => row[i] * row[j],
            Feature::Sine(i) => crate::engine::v8_math::sin(row[i]),
        }
    }

    /// The feature's display name.
    pub fn label(self, columns: &[String]) -> String {
        let c = |i: usize| columns.get(i).map_or("?", |s| s.as_str());
        match self {
            Feature::Column(i) => c(i).to_string(),
            Feature::Square(i) => format!("{}^2", c(i)),
            Feature::Product(i, j) if c(i) == "x" && c(j) == "y" => "xy".to_string(),
            Feature::Product(i, j) => format!("{}*{}", c(i), c(j)),
            Feature::Sine(i) => format!("sin({})", c(i)),
        }
    }
}

/// Writes the features of one row into `out`.
pub fn map_row(features: &[Feature], row: &[f64], out: &mut [f64]) {
    for (o, f) in out.iter_mut().zip(features) {
        *o = f.eval(row);
    }
}

/// Per-feature shift and scale fitted on the training split: `(v - mean) / std`.
#[derive(Clone, Debug, PartialEq)]
pub struct Standardiser {
    /// Mean of each feature on the training split.
    pub mean: Vec<f64>,
    /// Standard deviation of each feature (1 where it was 0).
    pub std: Vec<f64>,
}

impl Standardiser {
    /// Fits on `rows x width` row-major values.
    pub fn fit<V: Copy + Into<f64>>(values: &[V], width: usize) -> Self {
        let rows = values.len().checked_div(width).unwrap_or(0);
        let mut mean = vec![0.0; width];
        let mut var = vec![0.0; width];
        for row in values.chunks_exact(width.max(1)) {
            for (m, &v) in mean.iter_mut().zip(row) {
                *m += v.into();
            }
        }
        mean.iter_mut().for_each(|m| *m /= rows.max(1) as f64);
        for row in values.chunks_exact(width.max(1)) {
            for ((s, &v), m) in var.iter_mut().zip(row).zip(&mean) {
                let d = v.into() - m;
                *s += d * d;
            }
        }
        let std = var
            .iter()
            .map(|s| (s / rows.max(1) as f64).sqrt())
            .map(|s| if s > 0.0 { s } else { 1.0 })
            .collect();
        Self { mean, std }
    }

    /// Standardises one row in place.
    pub fn apply(&self, row: &mut [f64]) {
        for ((v, m), s) in row.iter_mut().zip(&self.mean).zip(&self.std) {
            *v = (*v - m) / s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xy() -> Vec<String> {
        vec!["x".into(), "y".into()]
    }

    #[test]
    fn parses_all_playground_features_and_round_trips_their_names() {
        for name in PLAYGROUND_FEATURES {
            let f = Feature::parse(name, &xy()).unwrap();
            assert_eq!(f.label(&xy()), name);
        }
        let row = [2.0, 3.0];
        let values: Vec<f64> = PLAYGROUND_FEATURES
            .iter()
            .map(|n| Feature::parse(n, &xy()).unwrap().eval(&row))
            .collect();
        assert_eq!(
            values,
            vec![2.0, 3.0, 4.0, 9.0, 6.0, 2f64.sin(), 3f64.sin()]
        );
    }

    #[test]
    fn unknown_feature_names_the_columns() {
        let err = Feature::parse("z^2", &xy()).unwrap_err();
        assert!(err.contains("'z^2'") && err.contains("x, y"), "{err}");
    }

    #[test]
    fn standardiser_gives_zero_mean_unit_variance_and_survives_constant_columns() {
        let values = [1.0, 5.0, 3.0, 5.0, 5.0, 5.0];
        let s = Standardiser::fit(&values, 2);
        assert_eq!(s.mean, vec![3.0, 5.0]);
        assert_eq!(s.std[1], 1.0);
        let mut row = [5.0, 5.0];
        s.apply(&mut row);
        assert!((row[0] - 1.224_744_871_391_589).abs() < 1e-12 && row[1] == 0.0);
    }
}
