//! The RBS payment gateway (VTB and other banks on the same platform).
pub mod callback;
