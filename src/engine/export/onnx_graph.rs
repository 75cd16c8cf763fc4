//! Builds an ONNX graph one node at a time, naming every value, and wraps it in a model.

use super::onnx_proto::{
    AttributeProto, AttributeType, Dimension, GraphProto, ModelProto, NodeProto,
    OperatorSetIdProto, StringStringEntryProto, TensorProto, TensorShapeProto, TensorTypeProto,
    TypeProto, ValueInfoProto, data_type,
};
use prost::Message;

/// The standard operator set the exported graphs use.
pub const OPSET: i64 = 13;
/// The classical-ML operator set (tree ensembles).
pub const ML_OPSET: i64 = 2;
/// ONNX's domain of classical-ML operators.
pub const ML_DOMAIN: &str = "ai.onnx.ml";
/// The file-format version that goes with [`OPSET`].
const IR_VERSION: i64 = 7;

/// A graph under construction.
#[derive(Default)]
pub struct GraphBuilder {
    nodes: Vec<NodeProto>,
    initializers: Vec<TensorProto>,
    uses_ml: bool,
}

/// A node attribute.
pub fn int(name: &str, value: i64) -> AttributeProto {
    attribute(name, AttributeType::Int, |a| a.i = value)
}

/// A float attribute.
pub fn float(name: &str, value: f32) -> AttributeProto {
    attribute(name, AttributeType::Float, |a| a.f = value)
}

/// A string attribute.
pub fn string(name: &str, value: &str) -> AttributeProto {
    attribute(name, AttributeType::String, |a| {
        a.s = value.as_bytes().to_vec()
    })
}

/// An integer-list attribute.
pub fn ints(name: &str, values: Vec<i64>) -> AttributeProto {
    attribute(name, AttributeType::Ints, |a| a.ints = values)
}

/// A float-list attribute.
pub fn floats(name: &str, values: Vec<f32>) -> AttributeProto {
    attribute(name, AttributeType::Floats, |a| a.floats = values)
}

/// A string-list attribute.
pub fn strings(name: &str, values: &[&str]) -> AttributeProto {
    attribute(name, AttributeType::Strings, |a| {
        a.strings = values.iter().map(|s| s.as_bytes().to_vec()).collect()
    })
}

fn attribute(
    name: &str,
    kind: AttributeType,
    fill: impl FnOnce(&mut AttributeProto),
) -> AttributeProto {
    let mut a = AttributeProto {
        name: name.into(),
        kind: kind as i32,
        ..Default::default()
    };
    fill(&mut a);
    a
}

impl GraphBuilder {
    /// A float constant of this shape (row-major values); returns its name.
    pub fn constant(&mut self, name: &str, dims: &[usize], values: Vec<f32>) -> String {
        self.initializers.push(TensorProto {
            dims: dims.iter().map(|&d| d as i64).collect(),
            data_type: data_type::FLOAT,
            float_data: values,
            name: name.into(),
            ..Default::default()
        });
        name.into()
    }

    /// A float scalar constant under a name of its own; returns the name.
    pub fn scalar(&mut self, value: f32) -> String {
        let name = format!("scalar_{}", self.initializers.len());
        self.constant(&name, &[], vec![value])
    }

    /// A float constant from f64 values (rounded to the nearest f32).
    pub fn constant_f64(&mut self, name: &str, dims: &[usize], values: &[f64]) -> String {
        self.constant(name, dims, values.iter().map(|&v| v as f32).collect())
    }

    /// A 1-D integer constant; returns its name.
    pub fn constant_i64(&mut self, name: &str, values: Vec<i64>) -> String {
        self.initializers.push(TensorProto {
            dims: vec![values.len() as i64],
            data_type: data_type::INT64,
            int64_data: values,
            name: name.into(),
            ..Default::default()
        });
        name.into()
    }

    /// A standard operator reading `inputs`; returns the name of its one output.
    pub fn op(
        &mut self,
        op_type: &str,
        inputs: &[&str],
        attributes: Vec<AttributeProto>,
    ) -> String {
        self.push_node(op_type, "", inputs, 1, attributes).remove(0)
    }

    /// A classical-ML operator with `outputs` outputs; returns their names.
    pub fn ml_op(
        &mut self,
        op_type: &str,
        inputs: &[&str],
        outputs: usize,
        attributes: Vec<AttributeProto>,
    ) -> Vec<String> {
        self.uses_ml = true;
        self.push_node(op_type, ML_DOMAIN, inputs, outputs, attributes)
    }

    fn push_node(
        &mut self,
        op_type: &str,
        domain: &str,
        inputs: &[&str],
        outputs: usize,
        attribute: Vec<AttributeProto>,
    ) -> Vec<String> {
        let name = format!("{}_{}", op_type.to_lowercase(), self.nodes.len());
        let output: Vec<String> = (0..outputs).map(|k| format!("{name}_out{k}")).collect();
        self.nodes.push(NodeProto {
            input: inputs.iter().map(|s| s.to_string()).collect(),
            output: output.clone(),
            name,
            op_type: op_type.into(),
            attribute,
            domain: domain.into(),
        });
        output
    }

    /// Wraps the graph into a model whose input `input` (`rows x input_width` floats) and
    /// output `result` (`rows x output_width`) carry the names and descriptions given.
    pub fn finish(
        mut self,
        io: GraphIo<'_>,
        result: &str,
        metadata: Vec<(String, String)>,
    ) -> ModelProto {
        // The graph's output must be a node's output: the last node writes it under its name.
        let renamed = match self.nodes.last_mut() {
            Some(last) if last.output.first().map(String::as_str) == Some(result) => {
                last.output[0] = io.output.name.into();
                true
            }
            _ => false,
        };
        if !renamed {
            self.nodes.push(NodeProto {
                input: vec![result.into()],
                output: vec![io.output.name.into()],
                name: "identity_out".into(),
                op_type: "Identity".into(),
                ..Default::default()
            });
        }
        let mut opset_import = vec![OperatorSetIdProto {
            domain: String::new(),
            version: OPSET,
        }];
        if self.uses_ml {
            opset_import.push(OperatorSetIdProto {
                domain: ML_DOMAIN.into(),
                version: ML_OPSET,
            });
        }
        ModelProto {
            ir_version: IR_VERSION,
            opset_import,
            producer_name: "nnplay".into(),
            producer_version: env!("CARGO_PKG_VERSION").into(),
            doc_string: io.description.into(),
            graph: Some(GraphProto {
                node: self.nodes,
                name: io.graph_name.into(),
                initializer: self.initializers,
                doc_string: io.description.into(),
                input: vec![io.input.value_info()],
                output: vec![io.output.value_info()],
            }),
            metadata_props: metadata
                .into_iter()
                .map(|(key, value)| StringStringEntryProto { key, value })
                .collect(),
        }
    }
}

/// One graph input or output: a `rows x width` float matrix.
pub struct Port<'a> {
    /// The value's name.
    pub name: &'a str,
    /// Its number of columns.
    pub width: usize,
    /// What the columns hold.
    pub doc: String,
}

impl Port<'_> {
    fn value_info(&self) -> ValueInfoProto {
        ValueInfoProto {
            name: self.name.into(),
            r#type: Some(TypeProto {
                tensor_type: Some(TensorTypeProto {
                    elem_type: data_type::FLOAT,
                    shape: Some(TensorShapeProto {
                        dim: vec![
                            Dimension {
                                dim_value: None,
                                dim_param: Some("rows".into()),
                            },
                            Dimension {
                                dim_value: Some(self.width as i64),
                                dim_param: None,
                            },
                        ],
                    }),
                }),
            }),
            doc_string: self.doc.clone(),
        }
    }
}

/// The graph's name, description, input and output.
pub struct GraphIo<'a> {
    /// The graph's name.
    pub graph_name: &'a str,
    /// A sentence on what the model computes.
    pub description: &'a str,
    /// The input.
    pub input: Port<'a>,
    /// The output.
    pub output: Port<'a>,
}

/// The model's bytes as an `.onnx` file holds them.
pub fn encode(model: &ModelProto) -> Vec<u8> {
    model.encode_to_vec()
}
