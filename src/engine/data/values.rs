//! Row-major values kept in `f32` or `f64`. A table's columns are `f32` unless the scene asks
//! for `f64` (half the memory of a large file); a split's network-ready inputs are in the
//! precision the network's passes read them in (`f32` for the default single-precision passes,
//! so a batch is gathered without converting; `f64` for TF-Playground-compatible runs,
//! double-precision scenes and tree models). Values are written and read as `f64`.

use num_traits::AsPrimitive;
use std::borrow::Cow;

/// Row-major values in single or double precision.
#[derive(Clone, Debug, PartialEq)]
pub enum Values {
    /// In `f32`.
    Single(Vec<f32>),
    /// In `f64`.
    Double(Vec<f64>),
}

impl Default for Values {
    fn default() -> Self {
        Values::Double(Vec::new())
    }
}

/// A borrowed run of values in either precision.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueSlice<'a> {
    /// In `f32`.
    Single(&'a [f32]),
    /// In `f64`.
    Double(&'a [f64]),
}

/// `body` with `$v` bound to the values, whichever their precision.
macro_rules! in_either {
    ($values:expr, $v:ident => $body:expr) => {
        match $values {
            Values::Single($v) => $body,
            Values::Double($v) => $body,
        }
    };
}

impl Values {
    /// No values, kept in `f64` when `double`, else in `f32`.
    pub fn empty(double: bool) -> Self {
        if double {
            Values::Double(Vec::new())
        } else {
            Values::Single(Vec::new())
        }
    }

    /// Whether the values are kept in `f64`.
    pub fn is_double(&self) -> bool {
        matches!(self, Values::Double(_))
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        in_either!(self, v => v.len())
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes the values take.
    pub fn bytes(&self) -> usize {
        in_either!(self, v => std::mem::size_of_val(v.as_slice()))
    }

    /// All the values, borrowed.
    pub fn as_slice(&self) -> ValueSlice<'_> {
        match self {
            Values::Single(v) => ValueSlice::Single(v),
            Values::Double(v) => ValueSlice::Double(v),
        }
    }

    /// Values `range`, borrowed.
    pub fn slice(&self, range: std::ops::Range<usize>) -> ValueSlice<'_> {
        self.as_slice().slice(range)
    }

    /// Value `i` as an `f64`.
    pub fn get(&self, i: usize) -> f64 {
        self.as_slice().get(i)
    }

    /// The values as `f64`: borrowed when kept in `f64`, else widened into a copy.
    pub fn to_double(&self) -> Cow<'_, [f64]> {
        self.as_slice().to_double()
    }

    /// Exactly `len` values, the first ones kept and any new ones 0.
    pub fn resize(&mut self, len: usize) {
        in_either!(self, v => v.resize(len, 0.0))
    }

    /// Removes every value, keeping the memory.
    pub fn clear(&mut self) {
        in_either!(self, v => v.clear())
    }

    /// Writes `values` (rounded when kept in `f32`) from place `at` on.
    pub fn set(&mut self, at: usize, values: &[f64]) {
        in_either!(self, v => {
            for (o, &x) in v[at..at + values.len()].iter_mut().zip(values) {
                *o = x.as_();
            }
        })
    }

    /// Appends `values` (rounded when kept in `f32`).
    pub fn push(&mut self, values: &[f64]) {
        in_either!(self, v => values.iter().for_each(|&x| v.push(x.as_())))
    }

    /// Inserts `values` before place `at`.
    pub fn insert(&mut self, at: usize, values: &[f64]) {
        in_either!(self, v => {
            v.splice(at..at, values.iter().map(|&x| x.as_()));
        })
    }

    /// Removes the values `range`.
    pub fn remove(&mut self, range: std::ops::Range<usize>) {
        in_either!(self, v => {
            v.drain(range);
        })
    }

    /// Appends `values` (in their precision, converted to this one's).
    pub fn extend(&mut self, values: ValueSlice<'_>) {
        match values {
            ValueSlice::Single(x) => in_either!(self, v => x.iter().for_each(|&x| v.push(x.as_()))),
            ValueSlice::Double(x) => in_either!(self, v => x.iter().for_each(|&x| v.push(x.as_()))),
        }
    }

    /// The rows `order` (of `width` values each), in that order.
    pub fn rows_in_order(&self, order: &[usize], width: usize) -> Values {
        in_either!(self, v => {
            let rows = order.iter().flat_map(|&r| v[r * width..(r + 1) * width].iter().copied());
            rows.collect::<Vec<_>>().into()
        })
    }

    /// These values kept in `f64` when `double`, else in `f32` (converted only when they are
    /// not already).
    pub fn in_precision(self, double: bool) -> Values {
        match (self, double) {
            (Values::Single(v), true) => Values::Double(v.iter().map(|&x| f64::from(x)).collect()),
            (Values::Double(v), false) => Values::Single(v.iter().map(|&x| x as f32).collect()),
            (kept, _) => kept,
        }
    }

    /// Removes the last of `width` columns and returns it as `f64`.
    pub fn split_off_last_column(&mut self, width: usize) -> Vec<f64> {
        in_either!(self, v => {
            let last: Vec<f64> = v.iter().skip(width - 1).step_by(width).map(|&x| x.as_()).collect();
            let kept: Vec<_> =
                v.chunks_exact(width).flat_map(|row| row[..width - 1].iter().copied()).collect();
            *v = kept;
            last
        })
    }

    /// Replaces every NaN of column `column` (of `width`) by `value`.
    pub fn replace_nan_in_column(&mut self, column: usize, width: usize, value: f64) {
        in_either!(self, v => v
            .iter_mut()
            .skip(column)
            .step_by(width)
            .filter(|x| x.is_nan())
            .for_each(|x| *x = value.as_()))
    }

    /// Value `i` written as its precision prints it shortest (0.1 in `f32` is "0.1", not
    /// the `f64` digits of its rounded value).
    pub fn format(&self, i: usize) -> String {
        in_either!(self, v => format!("{:?}", v[i]))
    }
}

impl From<Vec<f32>> for Values {
    fn from(values: Vec<f32>) -> Self {
        Values::Single(values)
    }
}

impl From<Vec<f64>> for Values {
    fn from(values: Vec<f64>) -> Self {
        Values::Double(values)
    }
}

impl<'a> ValueSlice<'a> {
    /// Number of values.
    pub fn len(self) -> usize {
        match self {
            ValueSlice::Single(v) => v.len(),
            ValueSlice::Double(v) => v.len(),
        }
    }

    /// Whether there are no values.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Values `range` of these.
    pub fn slice(self, range: std::ops::Range<usize>) -> ValueSlice<'a> {
        match self {
            ValueSlice::Single(v) => ValueSlice::Single(&v[range]),
            ValueSlice::Double(v) => ValueSlice::Double(&v[range]),
        }
    }

    /// The first `at` values and the rest.
    pub fn split_at(self, at: usize) -> (ValueSlice<'a>, ValueSlice<'a>) {
        match self {
            ValueSlice::Single(v) => {
                let (a, b) = v.split_at(at);
                (ValueSlice::Single(a), ValueSlice::Single(b))
            }
            ValueSlice::Double(v) => {
                let (a, b) = v.split_at(at);
                (ValueSlice::Double(a), ValueSlice::Double(b))
            }
        }
    }

    /// Value `i` as an `f64`.
    pub fn get(self, i: usize) -> f64 {
        match self {
            ValueSlice::Single(v) => f64::from(v[i]),
            ValueSlice::Double(v) => v[i],
        }
    }

    /// The values as `f64`: borrowed when in `f64`, else widened into a copy.
    pub fn to_double(self) -> Cow<'a, [f64]> {
        match self {
            ValueSlice::Single(v) => Cow::Owned(v.iter().map(|&x| f64::from(x)).collect()),
            ValueSlice::Double(v) => Cow::Borrowed(v),
        }
    }

    /// The values as `f64`: borrowed when in `f64`, else widened into `scratch`.
    pub fn read_into<'s>(self, scratch: &'s mut Vec<f64>) -> &'s [f64]
    where
        'a: 's,
    {
        match self {
            ValueSlice::Single(v) => {
                scratch.clear();
                scratch.extend(v.iter().map(|&x| f64::from(x)));
                scratch
            }
            ValueSlice::Double(v) => v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_kept_in_their_precision_and_read_back_as_f64() {
        let mut single = Values::empty(false);
        single.resize(3);
        single.set(1, &[0.1, 2.5]);
        assert_eq!(single, Values::Single(vec![0.0, 0.1_f32, 2.5]));
        assert_eq!(single.get(1), f64::from(0.1_f32));
        assert_eq!(single.format(1), "0.1");
        assert_eq!(single.bytes(), 12);
        assert!(matches!(single.slice(1..3).to_double(), Cow::Owned(_)));

        let mut double = Values::empty(true);
        double.extend(single.slice(1..3));
        double.extend(ValueSlice::Double(&[0.1]));
        assert_eq!(double, Values::Double(vec![f64::from(0.1_f32), 2.5, 0.1]));
        assert!(matches!(double.to_double(), Cow::Borrowed(_)));
        let (first, rest) = double.as_slice().split_at(1);
        assert_eq!((first.len(), rest.len()), (1, 2));
        let mut scratch = Vec::new();
        assert_eq!(
            single.as_slice().read_into(&mut scratch),
            [0.0, f64::from(0.1_f32), 2.5]
        );
    }

    #[test]
    fn rows_are_inserted_removed_reordered_and_a_column_split_off() {
        for double in [false, true] {
            let mut v = Values::empty(double);
            v.push(&[1.0, 10.0, 3.0, 30.0]);
            v.insert(2, &[2.0, f64::NAN]);
            v.replace_nan_in_column(1, 2, 20.0);
            assert_eq!(v.to_double()[..], [1.0, 10.0, 2.0, 20.0, 3.0, 30.0]);
            let reordered = v.rows_in_order(&[2, 0], 2);
            assert_eq!(reordered.to_double()[..], [3.0, 30.0, 1.0, 10.0]);
            assert_eq!(reordered.is_double(), double);
            v.remove(0..2);
            assert_eq!(v.split_off_last_column(2), vec![20.0, 30.0]);
            assert_eq!(v.to_double()[..], [2.0, 3.0]);
            v.clear();
            assert!(v.is_empty());
        }
    }
}
