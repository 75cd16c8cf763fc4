//! One file per class ("signal from this file, background from that one"): the tables read
//! from each file become one table whose labels are the files' classes, in a stratified order
//! (shuffled within each class with the seed, then interleaved so that every prefix holds the
//! classes in their overall fractions), so the train, validation and test splits, which take
//! rows in order, all keep the class fractions.

use super::csv_table::CsvTable;
use super::table::{Table, Task};
use super::values::Values;
use crate::engine::rng::Rng;

/// Row order in which every prefix holds each class in its overall fraction (to within one
/// row); `labels` are class indices, `classes` their number.
pub fn stratified_order(labels: &[f64], classes: usize, seed: u64) -> Vec<usize> {
    let mut rng = Rng::new(seed);
    let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); classes];
    for (r, &l) in labels.iter().enumerate() {
        if let Some(rows) = by_class.get_mut(l as usize) {
            rows.push(r);
        }
    }
    for rows in &mut by_class {
        rng.shuffle(rows);
    }
    let total = labels.len();
    let mut taken = vec![0usize; classes];
    let mut order = Vec::with_capacity(total);
    for i in 1..=total {
        // The class furthest behind its share of the first i rows goes next.
        let behind = |c: usize| (i * by_class[c].len()) as f64 / total as f64 - taken[c] as f64;
        let Some(next) = (0..classes)
            .filter(|&c| taken[c] < by_class[c].len())
            .max_by(|&a, &b| behind(a).total_cmp(&behind(b)).then(b.cmp(&a)))
        else {
            break;
        };
        order.push(by_class[next][taken[next]]);
        taken[next] += 1;
    }
    order
}

/// One table from one table per class (class k from the k-th), in stratified order. The
/// tables must have the same columns.
pub fn merge_classes(parts: Vec<(String, CsvTable)>, seed: u64) -> Result<CsvTable, String> {
    let Some(columns) = parts.first().map(|(_, t)| t.table.columns.clone()) else {
        return Err("no class files".into());
    };
    if parts.len() < 2 {
        return Err("one file per class needs at least two classes".into());
    }
    let classes = parts.len();
    // A weight per row when any file has weights (rows of the others weigh 1).
    let weighted = parts.iter().any(|(_, t)| !t.table.weights.is_empty());
    let mut merged = Table::new(&[], Task::Classification { classes });
    merged.columns = columns;
    merged.values = Values::empty(parts.iter().all(|(_, t)| t.table.values.is_double()));
    let mut notes = Vec::new();
    let mut counts = Vec::with_capacity(classes);
    for (k, (name, part)) in parts.into_iter().enumerate() {
        if part.table.columns != merged.columns {
            return Err(format!(
                "class '{name}' has the columns {}, the first class {}",
                part.table.columns.join(", "),
                merged.columns.join(", ")
            ));
        }
        if part.table.rows() == 0 {
            return Err(format!("class '{name}' has no rows"));
        }
        counts.push(format!("{name} = class {k} ({} rows)", part.table.rows()));
        merged.values.extend(part.table.values.as_slice());
        if weighted {
            let rows = part.table.rows();
            merged
                .weights
                .extend((0..rows).map(|r| part.table.weight(r)));
        }
        merged
            .labels
            .extend(std::iter::repeat_n(k as f64, part.table.rows()));
        notes.extend(part.notes.into_iter().map(|n| format!("{name}: {n}")));
    }
    let order = stratified_order(&merged.labels, classes, seed);
    merged.permute(&order);
    notes.insert(
        0,
        format!(
            "one file per class: {}; split keeping these fractions",
            counts.join(", ")
        ),
    );
    Ok(CsvTable {
        table: merged,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prefix_keeps_the_class_fractions() {
        // 300 of class 0, 100 of class 1, 50 of class 2
        let labels: Vec<f64> = (0..450)
            .map(|r| match r {
                0..300 => 0.0,
                300..400 => 1.0,
                _ => 2.0,
            })
            .collect();
        let order = stratified_order(&labels, 3, 7);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..450).collect::<Vec<_>>(), "a permutation");
        let mut seen = [0usize; 3];
        for (i, &r) in order.iter().enumerate() {
            seen[labels[r] as usize] += 1;
            for (c, n) in [300, 100, 50].iter().enumerate() {
                let share = (i + 1) as f64 * *n as f64 / 450.0;
                assert!((seen[c] as f64 - share).abs() <= 1.0, "row {i} class {c}");
            }
        }
        assert_ne!(order, stratified_order(&labels, 3, 8), "the seed shuffles");
    }
}
