//! The (m, b) path of a straight-line model, one point per update step, kept within a fixed
//! memory by thinning: when full, every other point goes and later steps are kept half as often.

/// Most points kept.
pub const MAX_POINTS: usize = 8192;

/// The parameters of a line model after each update.
#[derive(Clone, Debug)]
pub struct DescentPath {
    points: Vec<[f64; 2]>,
    stride: u64,
    steps: u64,
}

impl DescentPath {
    /// A path starting at (m, b).
    pub fn starting_at(m: f64, b: f64) -> Self {
        let mut points = Vec::with_capacity(MAX_POINTS);
        points.push([m, b]);
        Self {
            points,
            stride: 1,
            steps: 0,
        }
    }

    /// Records the parameters after one more update step.
    pub fn record(&mut self, m: f64, b: f64) {
        self.steps += 1;
        if !self.steps.is_multiple_of(self.stride) {
            return;
        }
        if self.points.len() == MAX_POINTS {
            let mut keep = 0;
            for k in (0..MAX_POINTS).step_by(2) {
                self.points[keep] = self.points[k];
                keep += 1;
            }
            self.points.truncate(keep);
            self.stride *= 2;
            if !self.steps.is_multiple_of(self.stride) {
                return;
            }
        }
        self.points.push([m, b]);
    }

    /// The points, oldest first: the start, then (thinned) steps.
    pub fn points(&self) -> &[[f64; 2]] {
        &self.points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_step_until_full_then_thins_evenly() {
        let mut path = DescentPath::starting_at(0.0, 0.0);
        for s in 1..MAX_POINTS as u64 {
            path.record(s as f64, 0.0);
        }
        assert_eq!(path.points().len(), MAX_POINTS);
        assert_eq!(path.points()[5], [5.0, 0.0]);
        for s in MAX_POINTS as u64..10 * MAX_POINTS as u64 {
            path.record(s as f64, 0.0);
        }
        let points = path.points();
        assert!(points.len() <= MAX_POINTS && points.len() > MAX_POINTS / 2);
        assert_eq!(points[0], [0.0, 0.0]);
        let gaps: Vec<f64> = points.windows(2).map(|w| w[1][0] - w[0][0]).collect();
        assert!(gaps.iter().all(|&g| g == gaps[0]), "even spacing");
        assert!(points.last().unwrap()[0] > 9.0 * MAX_POINTS as f64);
    }
}
