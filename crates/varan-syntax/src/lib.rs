//! varan's input language: the pest grammar (`grammar/varan.pest`), the AST with byte spans,
//! and the [`Diagnostic`] type every input-reading stage reports with.

mod ast;
mod diagnostic;
mod parse;

pub use ast::{
    ActDecl, AlongDecl, AlongEntry, BinOp, ConstDecl, DataDecl, DataPoint, DataValue, DenseDecl,
    Equation, Expr, ExprKind, File, Ident, IndexRange, Item, ItemKind, LossDecl, NetDecl,
    ParamDecl, Span, Stmt, StmtKind,
};
pub use diagnostic::{Diagnostic, LineIndex, SourceResult};
pub use parse::{parse_expr, parse_file};
